/** Schema pieces and shaping shared by the Zendesk tools, so each names and bounds them the same way. */
export const ticketId = { type: 'integer', minimum: 1 };
export const userId = { type: 'integer', minimum: 1 };

export const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];
export const status = { type: 'string', enum: STATUSES };
export const priority = { type: 'string', enum: ['low', 'normal', 'high', 'urgent'] };
export const ticketType = { type: 'string', enum: ['problem', 'incident', 'question', 'task'] };
export const tags = { type: 'array', maxItems: 20, items: { type: 'string', pattern: '^\\S{1,80}$' } };

export const str = { type: 'string' };
export const int = { type: 'integer' };

/** Outputs leave out what a ticket does not have (instead of nulls), which keeps the schemas short. */
export function withoutNulls<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}

/** A ticket as a list shows it. */
export const ticketSummaryOut = {
  type: 'object',
  properties: {
    id: int, subject: str, status: str, priority: str, requester_id: int, assignee_id: int, updated_at: str, url: str,
  },
  required: ['id', 'status'],
};

export interface ZendeskTicket {
  id: number;
  url?: string;
  subject?: string | null;
  description?: string | null;
  status?: string;
  priority?: string | null;
  type?: string | null;
  requester_id?: number | null;
  assignee_id?: number | null;
  group_id?: number | null;
  organization_id?: number | null;
  tags?: string[];
  created_at?: string;
  updated_at?: string;
}

/** The agent-facing page of a ticket, from its API URL (`https://acme.zendesk.com/api/v2/tickets/35436.json`). */
export function agentUrl(t: ZendeskTicket): string | null {
  const m = t.url ? /^(https?:\/\/[^/]+)\/api\/v2\/tickets\//.exec(t.url) : null;
  return m ? `${m[1]}/agent/tickets/${t.id}` : null;
}

export const shapeTicketSummary = (t: ZendeskTicket) => withoutNulls({
  id: t.id,
  subject: t.subject,
  status: t.status,
  priority: t.priority,
  requester_id: t.requester_id,
  assignee_id: t.assignee_id,
  updated_at: t.updated_at,
  url: agentUrl(t),
});
