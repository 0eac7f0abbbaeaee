import { defineTool } from '../../definition/tool-spec.js';
import { callHubSpot, DEAL_PROPERTIES, DEAL_SCHEMA, nextCursor, toDeal } from './hubspot-api.js';

interface Input { limit?: number; cursor?: string }

export const listDeals = defineTool<Input, { deals: unknown[]; next_cursor: string | null }>({
  definition: {
    name: 'hubspot_list_deals',
    display_name: 'List deals',
    description: 'List deals with stage, amount and close date.',
    provider: 'hubspot',
    category: 'crm',
    input_schema: {
      type: 'object',
      properties: {
        limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
        cursor: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,200}$' },
      },
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { deals: { type: 'array', items: DEAL_SCHEMA }, next_cursor: { type: ['string', 'null'] } },
      required: ['deals', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const body = await callHubSpot(ctx, {
      method: 'GET',
      path: '/crm/v3/objects/deals',
      query: { limit: input.limit ?? 10, after: input.cursor, properties: DEAL_PROPERTIES.join(','), archived: false },
    });
    const results: unknown[] = Array.isArray(body?.results) ? body.results : [];
    return { deals: results.map(toDeal), next_cursor: nextCursor(body) };
  },
});
