import { defineTool } from '../../definition/tool-spec.js';
import { zendeskCall } from './zendesk-api.js';
import { int, shapeTicketSummary, ticketSummaryOut, type ZendeskTicket } from './zendesk-schema.js';

interface Input { query: string; sort?: keyof typeof SORTS; per_page?: number; cursor?: string }

/** One choice instead of Zendesk's sort_by + sort_order pair. */
const SORTS = { updated: ['updated_at', 'desc'], newest: ['created_at', 'desc'], oldest: ['created_at', 'asc'] } as const;

export const searchTickets = defineTool<Input, unknown>({
  definition: {
    name: 'zendesk_search_tickets',
    display_name: 'Search Zendesk tickets',
    description: 'Search tickets, e.g. status<solved "refund".',
    provider: 'zendesk',
    category: 'support',
    input_schema: {
      type: 'object',
      properties: {
        query: { type: 'string', minLength: 1, maxLength: 1000 },
        sort: { type: 'string', enum: Object.keys(SORTS), default: 'updated' },
        per_page: { type: 'integer', minimum: 1, maximum: 100, default: 25 },
        cursor: { type: 'string', pattern: '^[1-9]\\d{0,2}$' },
      },
      required: ['query'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { tickets: { type: 'array', items: ticketSummaryOut }, count: int, next_cursor: { type: ['string', 'null'] } },
      required: ['tickets', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    // Search pages by number only (no cursor pagination); the cursor a model sees is the next page's number.
    const page = Number(input.cursor ?? 1);
    const { body } = await zendeskCall(ctx, {
      method: 'GET',
      path: '/search.json',
      query: {
        query: `type:ticket ${input.query}`,
        sort_by: SORTS[input.sort ?? 'updated'][0],
        sort_order: SORTS[input.sort ?? 'updated'][1],
        per_page: input.per_page ?? 25,
        page: input.cursor ? page : undefined,
      },
    });
    const res = body as { results?: Array<ZendeskTicket & { result_type?: string }>; count?: number; next_page?: string | null };
    const tickets = (res.results ?? []).filter((r) => !r.result_type || r.result_type === 'ticket');
    return { tickets: tickets.map(shapeTicketSummary), count: res.count ?? tickets.length, next_cursor: res.next_page ? String(page + 1) : null };
  },
});
