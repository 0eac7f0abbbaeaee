import { defineTool } from '../../definition/tool-spec.js';
import { ticketPath, zendeskCall } from './zendesk-api.js';
import { int, priority, status, str, tags, ticketId, ticketType, withoutNulls, type ZendeskTicket } from './zendesk-schema.js';

interface Input {
  ticket_id: number; subject?: string; status?: string; priority?: string; type?: string;
  assignee_id?: number | null; group_id?: number | null; add_tags?: string[]; remove_tags?: string[];
}

export const updateTicket = defineTool<Input, unknown>({
  definition: {
    name: 'zendesk_update_ticket',
    display_name: 'Update Zendesk ticket',
    description: 'Change a ticket\'s fields; tags are added or removed.',
    provider: 'zendesk',
    category: 'support',
    input_schema: {
      type: 'object',
      properties: {
        ticket_id: ticketId,
        subject: { type: 'string', minLength: 1, maxLength: 255 },
        status,
        priority,
        type: ticketType,
        assignee_id: { type: ['integer', 'null'], minimum: 1, description: 'null unassigns' },
        group_id: { type: ['integer', 'null'], minimum: 1 },
        add_tags: tags,
        remove_tags: tags,
      },
      required: ['ticket_id'],
      minProperties: 2,
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { id: int, status: str, priority: str, assignee_id: int, tags: { type: 'array', items: str }, updated_at: str },
      required: ['id', 'status'],
    },
  },
  annotations: { readOnly: false, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const { ticket_id: id, add_tags: add, remove_tags: remove, ...fields } = input;
    // additional_tags/remove_tags change tags without replacing the whole list.
    const ticket = { ...fields, additional_tags: add, remove_tags: remove };
    const { body } = await zendeskCall(ctx, { method: 'PUT', path: ticketPath(id), json: { ticket } });
    const t = (body as { ticket: ZendeskTicket }).ticket;
    return withoutNulls({ id: t.id, status: t.status, priority: t.priority, assignee_id: t.assignee_id, tags: t.tags ?? [], updated_at: t.updated_at });
  },
});
