import { defineTool } from '../../definition/tool-spec.js';
import { zendeskCall } from './zendesk-api.js';
import { agentUrl, int, priority, str, tags, userId, withoutNulls, type ZendeskTicket } from './zendesk-schema.js';

interface Input { subject: string; description: string; requester_email?: string; requester_name?: string; priority?: string; tags?: string[]; assignee_id?: number }

export const createTicket = defineTool<Input, unknown>({
  definition: {
    name: 'zendesk_create_ticket',
    display_name: 'Create Zendesk ticket',
    description: 'Open a ticket. Requester defaults to you.',
    provider: 'zendesk',
    category: 'support',
    input_schema: {
      type: 'object',
      properties: {
        subject: { type: 'string', minLength: 1, maxLength: 255 },
        description: { type: 'string', minLength: 1, maxLength: 65000 },
        requester_email: { type: 'string', format: 'email', maxLength: 254 },
        requester_name: { type: 'string', maxLength: 255 },
        priority,
        tags,
        assignee_id: userId,
      },
      required: ['subject', 'description'],
      additionalProperties: false,
    },
    output_schema: { type: 'object', properties: { id: int, status: str, url: str }, required: ['id', 'status'] },
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const ticket: Record<string, unknown> = {
      subject: input.subject,
      comment: { body: input.description },
      priority: input.priority,
      tags: input.tags,
      assignee_id: input.assignee_id,
    };
    // A requester object finds the user by email, or creates them with the name.
    if (input.requester_email) ticket.requester = { email: input.requester_email, name: input.requester_name };
    const { body } = await zendeskCall(ctx, { method: 'POST', path: '/tickets.json', json: { ticket } });
    const t = (body as { ticket: ZendeskTicket }).ticket;
    return withoutNulls({ id: t.id, status: t.status, url: agentUrl(t) });
  },
});
