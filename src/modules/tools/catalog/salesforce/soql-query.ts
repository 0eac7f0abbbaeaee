import { defineTool, ToolFailure } from '../../definition/tool-spec.js';
import { API_BASE, callSalesforce, RECORD, stripAttributes } from './salesforce-api.js';

interface Input { query: string; cursor?: string }
interface Output { records: unknown[]; total_size: number; next_cursor: string | null }

export const soqlQuery = defineTool<Input, Output>({
  definition: {
    name: 'salesforce_soql_query',
    display_name: 'Run SOQL query',
    description: 'Run a SOQL SELECT (LIMIT bounds the page).',
    provider: 'salesforce',
    category: 'crm',
    input_schema: {
      type: 'object',
      properties: {
        query: { type: 'string', minLength: 10, maxLength: 20000 },
        cursor: { type: 'string', pattern: '^[A-Za-z0-9]+-[0-9]+$', description: 'Same query only' },
      },
      required: ['query'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        records: { type: 'array', items: RECORD },
        total_size: { type: 'integer' },
        next_cursor: { type: ['string', 'null'] },
      },
      required: ['records', 'total_size', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    // A cursor is Salesforce's query locator: the next batch of the same query, fetched without re-running it.
    const body = input.cursor
      ? await callSalesforce(ctx, { method: 'GET', path: `${API_BASE}/query/${encodeURIComponent(input.cursor)}` })
      : await callSalesforce(ctx, { method: 'GET', path: `${API_BASE}/query`, query: { q: input.query } });
    if (!body || !Array.isArray(body.records)) throw new ToolFailure('Salesforce answered a query without records');
    const next = typeof body.nextRecordsUrl === 'string' && !body.done ? body.nextRecordsUrl.split('/').pop() ?? null : null;
    return { records: stripAttributes(body.records) as unknown[], total_size: Number(body.totalSize ?? body.records.length), next_cursor: next };
  },
});
