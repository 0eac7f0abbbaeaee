import { defineTool } from '../../definition/tool-spec.js';
import { callSalesforce, OBJECT_TYPE, RECORD_ID, sobjectPath } from './salesforce-api.js';

interface Input { object_type: string; record_id: string; fields: Record<string, string | number | boolean | null> }

export const updateRecord = defineTool<Input, { id: string; object_type: string; updated: boolean }>({
  definition: {
    name: 'salesforce_update_record',
    display_name: 'Update record',
    description: 'Set fields on a record; null clears one.',
    provider: 'salesforce',
    category: 'crm',
    input_schema: {
      type: 'object',
      properties: {
        object_type: OBJECT_TYPE,
        record_id: RECORD_ID,
        fields: {
          type: 'object',
          description: 'Field API name → new value',
          propertyNames: { pattern: '^[A-Za-z]\\w{0,79}$' },
          additionalProperties: { type: ['string', 'number', 'boolean', 'null'] },
          minProperties: 1,
          maxProperties: 50,
        },
      },
      required: ['object_type', 'record_id', 'fields'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { id: { type: 'string' }, object_type: { type: 'string' }, updated: { type: 'boolean' } },
      required: ['id', 'object_type', 'updated'],
    },
  },
  // Overwrites values but removes nothing and can be set back, so not destructive; the same call twice lands the same state.
  annotations: { readOnly: false, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    // Salesforce answers 204 No Content on success.
    await callSalesforce(ctx, { method: 'PATCH', path: sobjectPath(input.object_type, input.record_id), json: input.fields });
    return { id: input.record_id, object_type: input.object_type, updated: true };
  },
});
