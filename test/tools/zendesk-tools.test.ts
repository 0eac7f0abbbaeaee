import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ToolSpec } from '../../src/modules/tools/definition/tool-spec.js';
import { tools } from '../../src/modules/tools/catalog/zendesk/index.js';
import { addComment } from '../../src/modules/tools/catalog/zendesk/add-comment.js';
import { createTicket } from '../../src/modules/tools/catalog/zendesk/create-ticket.js';
import { getTicket } from '../../src/modules/tools/catalog/zendesk/get-ticket.js';
import { listUsers } from '../../src/modules/tools/catalog/zendesk/list-users.js';
import { searchTickets } from '../../src/modules/tools/catalog/zendesk/search-tickets.js';
import { updateTicket } from '../../src/modules/tools/catalog/zendesk/update-ticket.js';
import { fakeContext, runTool, expectConnectorShape, toolFailure } from '../helpers/tool-harness.js';
import { startZendeskFake, type ZendeskFake } from '../fakes/providers/zendesk.js';
import { zendeskSamples as samples } from './samples/zendesk.js';

const TOKEN = 'zd-oauth-7c1f0e2b9a';
let fake: ZendeskFake;
const ctx = () => fakeContext(fake.url, TOKEN);

const failure = (spec: ToolSpec, input: unknown, context = ctx()) => toolFailure(spec, input, context);

let mark = 0;
/** The requests one tool run sent, from the first of them on. */
const sent = () => fake.requests.slice(mark);
const PRINTER = {
  id: 35436, subject: 'Help, my printer is on fire!', status: 'open', priority: 'high', requester_id: 1900000000010, assignee_id: 1900000000002,
  updated_at: '2026-11-30T16:02:11Z', url: 'https://acme.zendesk.com/agent/tickets/35436',
};

beforeAll(async () => { fake = await startZendeskFake(); });
afterAll(async () => { await fake.close(); });
beforeEach(() => { mark = fake.requests.length; });

describe('zendesk tools', () => {
  it('names the connector\'s tools uniquely, with definitions within the 2 KB budget', () => {
    expectConnectorShape(tools, { provider: 'zendesk', names: ['zendesk_search_tickets', 'zendesk_get_ticket', 'zendesk_create_ticket', 'zendesk_update_ticket', 'zendesk_add_comment', 'zendesk_list_users'], strictInput: false });
  });

  it('zendesk_search_tickets restricts the query to tickets and pages by number', async () => {
    const first = await runTool(searchTickets, samples.zendesk_search_tickets.input, ctx());
    expect(sent()).toHaveLength(1);
    expect(fake.last()).toMatchObject({
      method: 'GET', path: '/api/v2/search.json', query: { query: 'type:ticket status<solved', sort_by: 'created_at', sort_order: 'asc', per_page: '1' }, body: undefined,
    });
    expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(first).toEqual({ tickets: [PRINTER], count: 2, next_cursor: '2' });
    const second = await runTool(searchTickets, { query: 'status<solved', sort: 'oldest', per_page: 1, cursor: '2' }, ctx());
    expect(fake.last().query).toEqual({ query: 'type:ticket status<solved', sort_by: 'created_at', sort_order: 'asc', per_page: '1', page: '2' });
    expect(second.tickets.map((t: { id: number }) => t.id)).toEqual([35437]);
    // Unset fields are left out rather than null.
    expect(Object.keys(second.tickets[0]).sort()).toEqual(['id', 'requester_id', 'status', 'subject', 'updated_at', 'url']);
    expect(second.next_cursor).toBeNull();
    const words = await runTool(searchTickets, { query: '"refund"' }, ctx());
    expect(fake.last().query).toEqual({ query: 'type:ticket "refund"', sort_by: 'updated_at', sort_order: 'desc', per_page: '25' });
    expect(words.tickets.map((t: { id: number }) => t.id)).toEqual([35437]);
  });

  it('zendesk_get_ticket reads the ticket and its latest comments as plain text, with author names', async () => {
    const out = await runTool(getTicket, samples.zendesk_get_ticket.input, ctx());
    const [ticket, comments] = sent();
    expect(ticket).toMatchObject({ method: 'GET', path: '/api/v2/tickets/35436.json', query: {}, body: undefined });
    expect(comments).toMatchObject({ method: 'GET', path: '/api/v2/tickets/35436/comments.json', query: { sort_order: 'desc', 'page[size]': '2', include: 'users' } });
    expect(comments.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(out).toEqual({
      ...PRINTER, type: 'incident', tags: ['printer', 'urgent'], created_at: '2026-11-20T09:15:00Z',
      description: 'The smoke is very colorful.\n\nPlease hurry.',
      comments: [
        { id: 7002, author: 'Priya Patel', public: false, created_at: '2026-11-21T10:00:00Z', text: 'Internal: checked the warranty.' },
        { id: 7003, author: 'Priya Patel', public: true, created_at: '2026-11-30T16:02:11Z', text: 'Please unplug it and step away.' },
      ],
      more_comments: true,
    });
    mark = fake.requests.length;
    const bare = await runTool(getTicket, { ticket_id: 35437, comments: 0 }, ctx());
    expect(sent()).toHaveLength(1);
    expect(bare).toMatchObject({ id: 35437, comments: [], more_comments: false, description: 'I would like a refund.' });
  });

  it('zendesk_get_ticket turns a 404 into a ToolFailure naming RecordNotFound', async () => {
    const err = await failure(getTicket, { ticket_id: 999 });
    expect(err).toMatchObject({ status: 404, providerCode: 'RecordNotFound', message: 'Zendesk answered 404: Not found' });
  });

  it('zendesk_create_ticket posts the ticket with the first comment and a requester by email', async () => {
    const out = await runTool(createTicket, samples.zendesk_create_ticket.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'POST', path: '/api/v2/tickets.json', query: {} });
    expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(fake.last().headers['content-type']).toBe('application/json');
    expect(fake.last().body).toEqual({
      ticket: {
        subject: 'Cannot log in', comment: { body: 'Password reset mail never arrives.' }, priority: 'normal', tags: ['login'],
        assignee_id: 1900000000002, requester: { email: 'kim@example.org', name: 'Kim Ng' },
      },
    });
    expect(out).toEqual({ id: 35450, status: 'open', url: 'https://acme.zendesk.com/agent/tickets/35450' });
    expect(fake.tickets.get(35450)).toMatchObject({ requester_id: 1900000000099, assignee_id: 1900000000002, priority: 'normal', tags: ['login'] });
  });

  it('zendesk_create_ticket reports Zendesk\'s validation details as a 422', async () => {
    const err = await failure(createTicket, { subject: 'x', description: 'y', assignee_id: 1900000000010 });
    expect(err).toMatchObject({ status: 422, providerCode: 'RecordInvalid', message: 'Zendesk answered 422: Record validation errors; Assignee is not an agent' });
  });

  it('zendesk_update_ticket sends only the given fields, tags as additions and removals', async () => {
    const out = await runTool(updateTicket, samples.zendesk_update_ticket.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'PUT', path: '/api/v2/tickets/35436.json', query: {} });
    expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(fake.last().body).toEqual({ ticket: { status: 'pending', priority: 'urgent', additional_tags: ['vip'], remove_tags: ['printer'] } });
    expect(out).toMatchObject({ id: 35436, status: 'pending', priority: 'urgent', tags: ['urgent', 'vip'] });
    await runTool(updateTicket, { ticket_id: 35437, assignee_id: null }, ctx());
    expect(fake.last().body).toEqual({ ticket: { assignee_id: null } });
    const err = await failure(updateTicket, { ticket_id: 35437, status: 'solved' });
    expect(err).toMatchObject({ status: 422, message: 'Zendesk answered 422: Record validation errors; Assignee is required when solving' });
  });

  it('zendesk_add_comment updates the ticket with a comment and answers the comment id from the audit', async () => {
    const note = await runTool(addComment, samples.zendesk_add_comment.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'PUT', path: '/api/v2/tickets/35437.json', query: {} });
    expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(fake.last().body).toEqual({ ticket: { comment: { body: 'Checked with billing.', public: false } } });
    const stored = fake.tickets.get(35437)!.comments.at(-1)!;
    expect(stored).toMatchObject({ body: 'Checked with billing.', public: false });
    expect(note).toEqual({ ticket_id: 35437, comment_id: stored.id, public: false, status: 'pending' });

    const reply = await runTool(addComment, { ticket_id: 35436, text: 'Fixed.', public: true, status: 'solved' }, ctx());
    expect(fake.last().body).toEqual({ ticket: { comment: { body: 'Fixed.', public: true }, status: 'solved' } });
    expect(reply).toEqual({ ticket_id: 35436, comment_id: fake.tickets.get(35436)!.comments.at(-1)!.id, public: true, status: 'solved' });
  });

  it('zendesk_add_comment passes on the refusal when the status change is invalid, adding nothing', async () => {
    const before = fake.tickets.get(35437)!.comments.length;
    const err = await failure(addComment, { ticket_id: 35437, text: 'Refund issued.', public: true, status: 'solved' });
    expect(err).toMatchObject({ status: 422, providerCode: 'RecordInvalid', message: 'Zendesk answered 422: Record validation errors; Assignee is required when solving' });
    expect(fake.tickets.get(35437)!.comments).toHaveLength(before);
  });

  it('zendesk_list_users pages with page[size] and the after cursor, filtered by role', async () => {
    const first = await runTool(listUsers, samples.zendesk_list_users.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: '/api/v2/users.json', query: { role: 'agent', 'page[size]': '1' }, body: undefined });
    expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(first.users).toEqual([{ id: 1900000000002, name: 'Priya Patel', email: 'priya@acme.com', role: 'agent', active: true, organization_id: null }]);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await runTool(listUsers, { role: 'agent', page_size: 1, cursor: first.next_cursor }, ctx());
    expect(fake.last().query).toEqual({ role: 'agent', 'page[size]': '1', 'page[after]': first.next_cursor });
    expect(second).toEqual({ users: [expect.objectContaining({ name: 'Jordan Lee', active: false })], next_cursor: null });
    const all = await runTool(listUsers, {}, ctx());
    expect(fake.last().query).toEqual({ 'page[size]': '50' });
    expect(all.users.map((u: { role: string }) => u.role)).toContain('end-user');
  });
});
