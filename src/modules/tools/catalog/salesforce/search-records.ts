import { defineTool } from '../../definition/tool-spec.js';
import { API_BASE, callSalesforce, FIELD_NAME, OBJECT_TYPE, RECORD, stripAttributes } from './salesforce-api.js';

interface Input { query: string; object_types?: string[]; fields?: string[]; limit?: number }
interface Found { id: string; object_type: string; fields: Record<string, unknown> }

export const searchRecords = defineTool<Input, { records: Found[] }>({
  definition: {
    name: 'salesforce_search',
    display_name: 'Search records',
    description: 'Full-text search of records when the ID is unknown.',
    provider: 'salesforce',
    category: 'crm',
    input_schema: {
      type: 'object',
      properties: {
        query: { type: 'string', minLength: 2, maxLength: 200, },
        object_types: { type: 'array', items: OBJECT_TYPE, minItems: 1, maxItems: 10, uniqueItems: true },
        fields: { type: 'array', items: FIELD_NAME, minItems: 1, maxItems: 20, uniqueItems: true, description: 'Needs object_types' },
        limit: { type: 'integer', minimum: 1, maximum: 200, default: 20 },
      },
      required: ['query'],
      // Salesforce returns chosen fields only for objects named at the top level.
      dependentRequired: { fields: ['object_types'] },
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        records: {
          type: 'array',
          items: {
            type: 'object',
            properties: { id: { type: 'string' }, object_type: { type: 'string' }, fields: RECORD },
          },
        },
      },
      required: ['records'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    // Parameterized Search: the search terms as data, never spliced into a SOSL string.
    const body = await callSalesforce(ctx, {
      method: 'GET',
      path: `${API_BASE}/parameterizedSearch/`,
      query: { q: input.query, sobject: input.object_types, fields: input.fields?.join(','), overallLimit: input.limit ?? 20 },
    });
    const hits: any[] = Array.isArray(body?.searchRecords) ? body.searchRecords : [];
    return {
      records: hits.map((hit) => ({
        id: String(hit.Id ?? hit.attributes?.url?.split('/').pop() ?? ''),
        object_type: String(hit.attributes?.type ?? ''),
        fields: stripAttributes(hit) as Record<string, unknown>,
      })),
    };
  },
});
