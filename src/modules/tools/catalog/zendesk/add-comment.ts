import { defineTool } from '../../definition/tool-spec.js';
import { ticketPath, zendeskCall } from './zendesk-api.js';
import { status, ticketId, type ZendeskTicket } from './zendesk-schema.js';

interface Input { ticket_id: number; text: string; public: boolean; status?: string }

interface Audit { events?: Array<{ id: number; type?: string; public?: boolean }> }

export const addComment = defineTool<Input, unknown>({
  definition: {
    name: 'zendesk_add_comment',
    display_name: 'Comment on Zendesk ticket',
    description: 'Reply to the requester (public) or add an internal note; optionally set the status too.',
    provider: 'zendesk',
    category: 'support',
    input_schema: {
      type: 'object',
      properties: {
        ticket_id: ticketId,
        text: { type: 'string', minLength: 1, maxLength: 65000 },
        public: { type: 'boolean', description: 'true emails the requester' },
        status,
      },
      required: ['ticket_id', 'text', 'public'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { ticket_id: { type: 'integer' }, comment_id: { type: ['integer', 'null'] }, public: { type: 'boolean' }, status: { type: ['string', 'null'] } },
      required: ['ticket_id', 'comment_id', 'public'],
    },
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    // Zendesk has no create-comment endpoint: a comment is a ticket update carrying one.
    const { body } = await zendeskCall(ctx, {
      method: 'PUT',
      path: ticketPath(input.ticket_id),
      json: { ticket: { comment: { body: input.text, public: input.public }, status: input.status } },
    });
    const res = body as { ticket: ZendeskTicket; audit?: Audit };
    const event = res.audit?.events?.find((e) => e.type === 'Comment');
    return { ticket_id: res.ticket.id, comment_id: event?.id ?? null, public: event?.public ?? input.public, status: res.ticket.status ?? null };
  },
});
