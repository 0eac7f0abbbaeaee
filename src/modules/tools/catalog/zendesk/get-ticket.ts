import { defineTool } from '../../definition/tool-spec.js';
import { ticketPath, zendeskCall } from './zendesk-api.js';
import { int, shapeTicketSummary, str, ticketId, ticketSummaryOut, withoutNulls, type ZendeskTicket } from './zendesk-schema.js';

interface Input { ticket_id: number; comments?: number }

interface Comment { id: number; author_id?: number; body?: string; plain_body?: string; public?: boolean; created_at?: string }

const cap = (s: string | null | undefined, max: number): string => {
  const t = (s ?? '').replace(/\r\n?/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  return t.length > max ? `${t.slice(0, max)}…` : t;
};

export const getTicket = defineTool<Input, unknown>({
  definition: {
    name: 'zendesk_get_ticket',
    display_name: 'Get Zendesk ticket',
    description: 'Read a ticket with its latest comments as plain text, oldest first.',
    provider: 'zendesk',
    category: 'support',
    input_schema: {
      type: 'object',
      properties: { ticket_id: ticketId, comments: { type: 'integer', minimum: 0, maximum: 50, default: 10, description: 'How many latest' } },
      required: ['ticket_id'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        ...ticketSummaryOut.properties,
        type: str,
        tags: { type: 'array', items: str },
        created_at: str,
        description: str,
        comments: {
          type: 'array',
          items: { type: 'object', properties: { id: int, author: str, public: { type: 'boolean' }, created_at: str, text: str }, required: ['id', 'text'] },
        },
        more_comments: { type: 'boolean' },
      },
      required: [...ticketSummaryOut.required, 'description', 'comments'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const { body } = await zendeskCall(ctx, { method: 'GET', path: ticketPath(input.ticket_id) });
    const t = (body as { ticket: ZendeskTicket }).ticket;
    const want = input.comments ?? 10;
    let comments: Comment[] = [];
    let users = new Map<number, string>();
    let more = false;
    if (want > 0) {
      // Newest first to get the latest page, with authors sideloaded; shown oldest first.
      const { body: page } = await zendeskCall(ctx, {
        method: 'GET',
        path: ticketPath(input.ticket_id, '/comments'),
        query: { sort_order: 'desc', 'page[size]': want, include: 'users' },
      });
      const p = page as { comments?: Comment[]; users?: Array<{ id: number; name?: string }>; meta?: { has_more?: boolean } };
      comments = (p.comments ?? []).reverse();
      users = new Map((p.users ?? []).map((u) => [u.id, u.name ?? '']));
      more = p.meta?.has_more === true;
    }
    return {
      ...shapeTicketSummary(t),
      ...withoutNulls({ type: t.type, created_at: t.created_at }),
      tags: t.tags ?? [],
      description: cap(t.description, 4000),
      comments: comments.map((c) => withoutNulls({
        id: c.id,
        // The sideloaded name, else the id as text so a model can still tell authors apart.
        author: (c.author_id !== undefined && users.get(c.author_id)) || (c.author_id !== undefined ? `user ${c.author_id}` : undefined),
        public: c.public !== false,
        created_at: c.created_at,
        text: cap(c.plain_body ?? c.body, 2000),
      })),
      more_comments: more,
    };
  },
});
