import { defineTool } from '../../definition/tool-spec.js';
import { callSalesforce, OBJECT_TYPE, sobjectPath } from './salesforce-api.js';

interface Field { name: string; label: string; type: string; required: boolean; updateable: boolean; picklist_values?: string[] }
interface Output { name: string; label: string; fields: Field[] }

export const describeObject = defineTool<{ object_type: string }, Output>({
  definition: {
    name: 'salesforce_describe_object',
    display_name: 'Describe object',
    description: "List an object's fields and picklist values, before a query or write.",
    provider: 'salesforce',
    category: 'crm',
    input_schema: {
      type: 'object',
      properties: { object_type: OBJECT_TYPE },
      required: ['object_type'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        name: { type: 'string' },
        label: { type: 'string' },
        fields: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              name: { type: 'string' }, label: { type: 'string' }, type: { type: 'string' },
              required: { type: 'boolean' }, updateable: { type: 'boolean' },
              picklist_values: { type: 'array', items: { type: 'string' } },
            },
          },
        },
      },
      required: ['name', 'label', 'fields'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const body = await callSalesforce(ctx, { method: 'GET', path: `${sobjectPath(input.object_type)}/describe` });
    const fields: Field[] = (Array.isArray(body?.fields) ? body.fields : []).map((f: any) => {
      const picklist = Array.isArray(f.picklistValues) ? f.picklistValues.filter((p: any) => p.active).map((p: any) => String(p.value)) : [];
      return {
        name: String(f.name), label: String(f.label), type: String(f.type),
        // What a create must supply: not nillable and not filled in by Salesforce itself.
        required: Boolean(f.createable && !f.nillable && !f.defaultedOnCreate),
        updateable: Boolean(f.updateable),
        ...(picklist.length ? { picklist_values: picklist } : {}),
      };
    });
    return { name: String(body?.name ?? input.object_type), label: String(body?.label ?? input.object_type), fields };
  },
});
