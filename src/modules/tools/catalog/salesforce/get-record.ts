import { defineTool } from '../../definition/tool-spec.js';
import { callSalesforce, FIELD_NAME, OBJECT_TYPE, RECORD, RECORD_ID, sobjectPath, stripAttributes } from './salesforce-api.js';

interface Input { object_type: string; record_id: string; fields?: string[] }

export const getRecord = defineTool<Input, { id: string; object_type: string; fields: Record<string, unknown> }>({
  definition: {
    name: 'salesforce_get_record',
    display_name: 'Get record',
    description: 'Read one record; name the fields you need, else all come back.',
    provider: 'salesforce',
    category: 'crm',
    input_schema: {
      type: 'object',
      properties: {
        object_type: OBJECT_TYPE,
        record_id: RECORD_ID,
        fields: { type: 'array', items: FIELD_NAME, minItems: 1, maxItems: 50, uniqueItems: true },
      },
      required: ['object_type', 'record_id'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { id: { type: 'string' }, object_type: { type: 'string' }, fields: RECORD },
      required: ['id', 'object_type', 'fields'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const body = await callSalesforce(ctx, {
      method: 'GET',
      path: sobjectPath(input.object_type, input.record_id),
      query: { fields: input.fields?.join(',') },
    });
    const fields = stripAttributes(body) as Record<string, unknown>;
    return { id: String(fields.Id ?? input.record_id), object_type: String(body?.attributes?.type ?? input.object_type), fields };
  },
});
