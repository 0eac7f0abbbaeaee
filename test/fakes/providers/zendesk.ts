import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback Zendesk Support API v2 for connector tests, at /api/v2 like the catalog's
 * `https://{{subdomain}}.zendesk.com/api/v2`: tickets (updates carry comments and answer an
 * audit), ticket comments and users with cursor pagination (`page[size]`, `meta.after_cursor`),
 * the offset-paged search, and refusals shaped like Zendesk's (`RecordNotFound`, `RecordInvalid`
 * with details). Every request is recorded exactly.
 */
export interface RecordedZendeskRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body; undefined when there was none. */
  body: unknown;
}

interface Comment { id: number; author_id: number; body: string; public: boolean; created_at: string }
interface Ticket {
  id: number; subject: string; status: string; priority: string | null; type: string | null; requester_id: number; submitter_id: number;
  assignee_id: number | null; group_id: number | null; organization_id: number | null; tags: string[]; created_at: string; updated_at: string; comments: Comment[];
}
interface User { id: number; name: string; email: string; role: 'end-user' | 'agent' | 'admin'; organization_id: number | null; suspended: boolean }

export interface ZendeskFake {
  /** Like the catalog's proxy_url once the subdomain is filled in: ends in /api/v2. */
  url: string;
  tickets: Map<number, Ticket>;
  requests: RecordedZendeskRequest[];
  last(): RecordedZendeskRequest;
  close(): Promise<void>;
}

export const ZENDESK_ORIGIN = 'https://acme.zendesk.com';
const ME = 1900000000001;

const USERS: User[] = [
  { id: ME, name: 'Sam Agent', email: 'sam@acme.com', role: 'admin', organization_id: null, suspended: false },
  { id: 1900000000002, name: 'Priya Patel', email: 'priya@acme.com', role: 'agent', organization_id: null, suspended: false },
  { id: 1900000000003, name: 'Jordan Lee', email: 'jordan@acme.com', role: 'agent', organization_id: null, suspended: true },
  { id: 1900000000010, name: 'Ana Lima', email: 'ana@example.com', role: 'end-user', organization_id: 360001, suspended: false },
];

function seedTickets(): Map<number, Ticket> {
  const at = (d: string) => `2026-11-${d}Z`;
  const t35436: Ticket = {
    id: 35436, subject: 'Help, my printer is on fire!', status: 'open', priority: 'high', type: 'incident', requester_id: 1900000000010, submitter_id: 1900000000010,
    assignee_id: 1900000000002, group_id: 98738, organization_id: 360001, tags: ['printer', 'urgent'], created_at: at('20T09:15:00'), updated_at: at('30T16:02:11'),
    comments: [
      { id: 7001, author_id: 1900000000010, body: 'The smoke is very colorful.\r\n\r\n\r\nPlease hurry.', public: true, created_at: at('20T09:15:00') },
      { id: 7002, author_id: 1900000000002, body: 'Internal: checked the warranty.', public: false, created_at: at('21T10:00:00') },
      { id: 7003, author_id: 1900000000002, body: 'Please unplug it and step away.', public: true, created_at: at('30T16:02:11') },
    ],
  };
  const t35437: Ticket = {
    id: 35437, subject: 'Refund for order 1182', status: 'pending', priority: null, type: 'question', requester_id: 1900000000010, submitter_id: 1900000000010,
    assignee_id: null, group_id: null, organization_id: 360001, tags: [], created_at: at('25T08:00:00'), updated_at: at('29T08:00:00'),
    comments: [{ id: 7010, author_id: 1900000000010, body: 'I would like a refund.', public: true, created_at: at('25T08:00:00') }],
  };
  return new Map([[t35436.id, t35436], [t35437.id, t35437]]);
}

function ticketJson(t: Ticket) {
  return {
    url: `${ZENDESK_ORIGIN}/api/v2/tickets/${t.id}.json`, id: t.id, external_id: null, via: { channel: 'web', source: { from: {}, to: {}, rel: null } },
    created_at: t.created_at, updated_at: t.updated_at, type: t.type, subject: t.subject, raw_subject: t.subject, description: t.comments[0]?.body ?? '',
    priority: t.priority, status: t.status, recipient: null, requester_id: t.requester_id, submitter_id: t.submitter_id, assignee_id: t.assignee_id,
    organization_id: t.organization_id, group_id: t.group_id, collaborator_ids: [], follower_ids: [], email_cc_ids: [], forum_topic_id: null, problem_id: null,
    has_incidents: false, is_public: true, due_at: null, tags: t.tags, custom_fields: [], satisfaction_rating: null, sharing_agreement_ids: [], custom_status_id: 123,
    fields: [], followup_ids: [], ticket_form_id: 360000, brand_id: 360001, allow_channelback: false, allow_attachments: true, from_messaging_channel: false,
  };
}
const userJson = (u: User) => ({
  id: u.id, url: `${ZENDESK_ORIGIN}/api/v2/users/${u.id}.json`, name: u.name, email: u.email, created_at: '2025-03-01T10:00:00Z', updated_at: '2026-11-01T10:00:00Z',
  time_zone: 'Eastern Time (US & Canada)', iana_time_zone: 'America/New_York', phone: null, shared_phone_number: null, photo: null, locale_id: 1, locale: 'en-US',
  organization_id: u.organization_id, role: u.role, verified: true, external_id: null, tags: [], alias: '', active: true, shared: false, shared_agent: false,
  last_login_at: '2026-11-30T08:00:00Z', two_factor_auth_enabled: null, signature: '', details: '', notes: '', role_type: null, custom_role_id: null,
  moderator: u.role !== 'end-user', ticket_restriction: u.role === 'end-user' ? 'requested' : null, only_private_comments: false, restricted_agent: false,
  suspended: u.suspended, default_group_id: null, report_csv: false, user_fields: {},
});
const commentJson = (c: Comment) => ({
  id: c.id, type: 'Comment', author_id: c.author_id, body: c.body, html_body: `<div class="zd-comment"><p dir="auto">${c.body}</p></div>`, plain_body: c.body.replace(/\r\n/g, '\n'),
  public: c.public, attachments: [], audit_id: c.id + 100000, via: { channel: 'web', source: { from: {}, to: {}, rel: null } }, created_at: c.created_at,
  metadata: { system: { client: 'Mozilla/5.0', ip_address: '203.0.113.7', location: 'Lisbon, Portugal' }, custom: {} },
});

const send = (res: http.ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};
const notFound = (res: http.ServerResponse) => send(res, 404, { error: 'RecordNotFound', description: 'Not found' });
const invalid = (res: http.ServerResponse, details: Record<string, string>) => send(res, 422, {
  error: 'RecordInvalid', description: 'Record validation errors',
  details: Object.fromEntries(Object.entries(details).map(([field, description]) => [field, [{ description, error: 'InvalidValue' }]])),
});
const STATUSES = ['new', 'open', 'pending', 'hold', 'solved', 'closed'];
const cursorOf = (n: number) => Buffer.from(`o:${n}`).toString('base64url');
const offsetOf = (c: string | undefined) => (c ? Number(Buffer.from(c, 'base64url').toString().slice(2)) : 0);

/** A cursor page like Zendesk's: `meta.has_more`, `meta.after_cursor`, `links.next`. */
function cursorPage<T>(all: T[], q: Record<string, string>, path: string, max: number) {
  const size = Math.min(Number(q['page[size]'] ?? max), max);
  const start = offsetOf(q['page[after]']);
  const items = all.slice(start, start + size);
  const more = start + size < all.length;
  return {
    items,
    meta: { has_more: more, after_cursor: more ? cursorOf(start + size) : null, before_cursor: start > 0 ? cursorOf(start) : null },
    links: { next: more ? `${ZENDESK_ORIGIN}/api/v2${path}?page%5Bafter%5D=${cursorOf(start + size)}&page%5Bsize%5D=${size}` : null, prev: null },
  };
}

export async function startZendeskFake(): Promise<ZendeskFake> {
  const requests: RecordedZendeskRequest[] = [];
  const tickets = seedTickets();
  const users = USERS.map((u) => ({ ...u }));
  let nextTicket = 35450;
  let nextComment = 8000;
  let clock = 0;
  const now = () => `2026-12-01T12:${String(clock++).padStart(2, '0')}:00Z`;

  /** Applies a ticket body's fields as Zendesk does, or names what it refused. */
  function apply(t: Ticket, f: any): Record<string, string> | null {
    if (f.status !== undefined && !STATUSES.includes(f.status)) return { status: `Status: ${f.status} is not valid` };
    if (f.assignee_id != null && !users.some((u) => u.id === f.assignee_id && u.role !== 'end-user')) return { assignee: 'Assignee is not an agent' };
    if (f.status === 'solved' && (f.assignee_id === null || (f.assignee_id === undefined && t.assignee_id === null))) return { assignee_id: 'Assignee is required when solving' };
    for (const k of ['subject', 'status', 'priority', 'type', 'assignee_id', 'group_id'] as const) if (f[k] !== undefined) (t as any)[k] = f[k];
    if (Array.isArray(f.tags)) t.tags = [...new Set<string>(f.tags)];
    if (Array.isArray(f.additional_tags)) t.tags = [...new Set([...t.tags, ...f.additional_tags])];
    if (Array.isArray(f.remove_tags)) t.tags = t.tags.filter((x) => !f.remove_tags.includes(x));
    return null;
  }

  function api(method: string, path: string, q: Record<string, string>, body: any, res: http.ServerResponse) {
    if (method === 'GET' && path === '/search.json') {
      const query = q.query ?? '';
      if (!/\btype:ticket\b/.test(query)) return send(res, 400, { error: 'unavailable', description: 'Sorry, we could not complete your search query.' });
      const status = /status:(\w+)/.exec(query)?.[1];
      const below = /status<(\w+)/.exec(query)?.[1];
      const words = query.replace(/\btype:ticket\b|\w+[:<>]\S+/g, '').trim().replace(/"/g, '').toLowerCase();
      let hits = [...tickets.values()].filter((t) => (!status || t.status === status) && (!below || STATUSES.indexOf(t.status) < STATUSES.indexOf(below))
        && (!words || `${t.subject} ${t.comments.map((c) => c.body).join(' ')}`.toLowerCase().includes(words)));
      if (q.sort_by === 'created_at') hits = hits.sort((a, b) => a.created_at.localeCompare(b.created_at));
      if (q.sort_order === 'desc') hits = hits.reverse();
      const per = Math.min(Number(q.per_page ?? 100), 100);
      const page = Number(q.page ?? 1);
      const slice = hits.slice((page - 1) * per, page * per);
      const more = page * per < hits.length;
      return send(res, 200, {
        results: slice.map((t) => ({ ...ticketJson(t), result_type: 'ticket' })), facets: null,
        next_page: more ? `${ZENDESK_ORIGIN}/api/v2/search.json?page=${page + 1}&per_page=${per}&query=${encodeURIComponent(query)}` : null,
        previous_page: page > 1 ? `${ZENDESK_ORIGIN}/api/v2/search.json?page=${page - 1}` : null, count: hits.length,
      });
    }
    if (method === 'GET' && path === '/users.json') {
      const all = users.filter((u) => !q.role || u.role === q.role);
      const page = cursorPage(all, q, '/users.json', 100);
      return send(res, 200, { users: page.items.map(userJson), meta: page.meta, links: page.links });
    }
    if (method === 'POST' && path === '/tickets.json') {
      const f = body?.ticket ?? {};
      if (!f.comment?.body) return invalid(res, { description: 'Description: cannot be blank' });
      let requester = users.find((u) => u.id === ME)!;
      if (f.requester?.email) {
        requester = users.find((u) => u.email === f.requester.email) ?? { id: 1900000000099, name: f.requester.name ?? f.requester.email, email: f.requester.email, role: 'end-user', organization_id: null, suspended: false };
        if (!users.includes(requester)) users.push(requester);
      }
      const at = now();
      const t: Ticket = {
        id: nextTicket++, subject: f.subject ?? '', status: 'new', priority: null, type: null, requester_id: requester.id, submitter_id: ME, assignee_id: null,
        group_id: null, organization_id: requester.organization_id, tags: [], created_at: at, updated_at: at,
        comments: [{ id: nextComment++, author_id: ME, body: f.comment.body, public: f.comment.public !== false, created_at: at }],
      };
      const refused = apply(t, { ...f, status: f.status ?? (f.assignee_id ? 'open' : 'new') });
      if (refused) return invalid(res, refused);
      tickets.set(t.id, t);
      return send(res, 201, { ticket: ticketJson(t), audit: { id: nextComment + 100000, ticket_id: t.id, created_at: at, author_id: ME, events: [] } });
    }
    const m = /^\/tickets\/([^/]+?)(\/comments)?\.json$/.exec(path);
    if (!m) return send(res, 404, { error: 'InvalidEndpoint', description: 'Not found' });
    const t = tickets.get(Number(m[1]));
    if (!t) return notFound(res);
    if (method === 'GET' && m[2]) {
      const ordered = q.sort_order === 'desc' ? [...t.comments].reverse() : t.comments;
      const page = cursorPage(ordered, q, `/tickets/${t.id}/comments.json`, 100);
      const sideload = q.include === 'users' ? users.filter((u) => page.items.some((c) => c.author_id === u.id)).map(userJson) : undefined;
      return send(res, 200, { comments: page.items.map(commentJson), ...(sideload ? { users: sideload } : {}), meta: page.meta, links: page.links });
    }
    if (method === 'GET') return send(res, 200, { ticket: ticketJson(t) });
    if (method === 'PUT' && !m[2]) {
      const f = body?.ticket;
      if (!f || typeof f !== 'object') return send(res, 400, { error: 'InvalidParameter', description: 'ticket parameter is required' });
      const before = structuredClone(t);
      const refused = apply(t, f);
      if (refused) return invalid(res, refused);
      const at = now();
      t.updated_at = at;
      const events: unknown[] = [];
      if (f.comment?.body) {
        const c: Comment = { id: nextComment++, author_id: ME, body: f.comment.body, public: f.comment.public !== false, created_at: at };
        t.comments.push(c);
        events.push({ id: c.id, type: 'Comment', author_id: ME, body: c.body, html_body: `<p>${c.body}</p>`, plain_body: c.body, public: c.public, attachments: [], audit_id: c.id + 100000 });
      }
      if (before.status !== t.status) events.push({ id: nextComment++, type: 'Change', field_name: 'status', value: t.status, previous_value: before.status });
      return send(res, 200, { ticket: ticketJson(t), audit: { id: nextComment + 100000, ticket_id: t.id, created_at: at, author_id: ME, metadata: {}, events } });
    }
    return send(res, 405, { error: 'MethodNotAllowed', description: 'Method not allowed' });
  }

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const url = new URL(req.url ?? '/', 'http://fake');
    const rec: RecordedZendeskRequest = {
      method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body: raw ? JSON.parse(raw) : undefined,
    };
    requests.push(rec);
    // OAuth tokens come as Bearer, API tokens as Basic email/token:secret.
    if (!/^(Bearer|Basic) \S+$/.test(req.headers.authorization ?? '')) return send(res, 401, { error: 'Couldn\'t authenticate you' });
    const api2 = /^\/api\/v2(\/.*)$/.exec(rec.path);
    if (!api2) return send(res, 404, { error: 'InvalidEndpoint', description: 'Not found' });
    api(rec.method, api2[1], rec.query, rec.body, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/v2`,
    tickets, requests,
    last: () => requests[requests.length - 1],
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
