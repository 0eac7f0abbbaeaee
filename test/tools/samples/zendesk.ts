import type { ToolSample } from './tool-sample.js';

/** One valid input per zendesk tool, as its connector test runs it, and the calls it makes on the fake (a fresh one, in this order). */
export const zendeskSamples = {
  zendesk_search_tickets: {
    input: { query: 'status<solved', sort: 'oldest', per_page: 1 },
    calls: ['GET /api/v2/search.json'],
  },
  zendesk_get_ticket: {
    input: { ticket_id: 35436, comments: 2 },
    calls: ['GET /api/v2/tickets/35436.json', 'GET /api/v2/tickets/35436/comments.json'],
  },
  zendesk_create_ticket: {
    input: { subject: 'Cannot log in', description: 'Password reset mail never arrives.', requester_email: 'kim@example.org', requester_name: 'Kim Ng', priority: 'normal', tags: ['login'], assignee_id: 1900000000002 },
    calls: ['POST /api/v2/tickets.json'],
  },
  zendesk_update_ticket: {
    input: { ticket_id: 35436, status: 'pending', priority: 'urgent', add_tags: ['vip'], remove_tags: ['printer'] },
    calls: ['PUT /api/v2/tickets/35436.json'],
  },
  zendesk_add_comment: {
    input: { ticket_id: 35437, text: 'Checked with billing.', public: false },
    calls: ['PUT /api/v2/tickets/35437.json'],
  },
  zendesk_list_users: {
    input: { role: 'agent', page_size: 1 },
    calls: ['GET /api/v2/users.json'],
  },
} satisfies Record<string, ToolSample>;
