import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ToolSpec } from '../../src/modules/tools/definition/tool-spec.js';
import { tools } from '../../src/modules/tools/catalog/gmail/index.js';
import { createDraft } from '../../src/modules/tools/catalog/gmail/create-draft.js';
import { fetchMails } from '../../src/modules/tools/catalog/gmail/fetch-mails.js';
import { getMessage } from '../../src/modules/tools/catalog/gmail/get-message.js';
import { listFilters } from '../../src/modules/tools/catalog/gmail/list-filters.js';
import { listLabels } from '../../src/modules/tools/catalog/gmail/list-labels.js';
import { modifyLabels } from '../../src/modules/tools/catalog/gmail/modify-labels.js';
import { sendEmail } from '../../src/modules/tools/catalog/gmail/send-email.js';
import { fakeContext, runTool, expectConnectorShape, toolFailure, acceptsInput } from '../helpers/tool-harness.js';
import { startGmailFake, type GmailFake } from '../fakes/providers/gmail.js';
import { gmailSamples as samples } from './samples/gmail.js';

const TOKEN = 'ya29.a0-gmail-test-token';
const BASE = '/gmail/v1/users/me';
let fake: GmailFake;
const ctx = () => fakeContext(fake.url, TOKEN);

const failure = (spec: ToolSpec, input: unknown, context = ctx()) => toolFailure(spec, input, context);

/** Splits a sent RFC 5322 message into its header lines and its (base64) body, decoded. */
function parseSent(raw: string) {
  const [head, body] = raw.split('\r\n\r\n');
  return { headers: head.split('\r\n'), text: Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8') };
}

// A fresh fake per test: each starts from the seeded mailbox/calendars, whatever ran before.
beforeEach(async () => { fake = await startGmailFake(); });
afterEach(async () => { await fake.close(); });

describe('gmail tools', () => {
  it('has the names the docs use, unique, each definition within the 2 KB budget and strict input', () => {
    expectConnectorShape(tools, { provider: 'gmail', names: ['gmail_fetch_mails', 'gmail_get_message', 'gmail_send_email', 'gmail_create_draft', 'gmail_list_labels', 'gmail_list_filters', 'gmail_modify_labels'] });
    expect(tools.filter((t) => t.annotations.readOnly).map((t) => t.definition.name)).toEqual(['gmail_fetch_mails', 'gmail_get_message', 'gmail_list_labels', 'gmail_list_filters']);
  });

  it('gmail_send_email keeps the seed sample definition: to/subject/body required, message_id and status out', () => {
    const d = sendEmail.definition;
    expect(d).toMatchObject({ name: 'gmail_send_email', display_name: 'Send Email', description: 'Send an email message to one or more recipients', provider: 'gmail', category: 'communication' });
    expect(d.input_schema.required).toEqual(['to', 'subject', 'body']);
    expect((d.input_schema.properties as any).to).toMatchObject({ type: 'array', items: { type: 'string', format: 'email' }, description: 'Email addresses of recipients' });
    expect((d.output_schema.properties as any).status).toEqual({ type: 'string', enum: ['sent', 'queued', 'failed'], description: 'Status of the email sending operation' });
    expect(acceptsInput(sendEmail, { to: ['not-an-email'], subject: 's', body: 'b' })).toBe(false);
    expect(acceptsInput(sendEmail, { to: [], subject: 's', body: 'b' })).toBe(false);
    expect(acceptsInput(sendEmail, { to: ['a@example.com'], subject: 's', body: 'b', html: true })).toBe(false);
    expect(sendEmail.annotations).toEqual({ readOnly: false, destructive: false, idempotent: false });
  });

  it('gmail_fetch_mails with the seed input searches, then reads each match in full, and returns decoded text', async () => {
    const before = fake.requests.length;
    const out = await runTool(fetchMails, samples.gmail_fetch_mails.input, ctx());
    const reqs = fake.requests.slice(before);
    expect(reqs.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET ${BASE}/messages`, `GET ${BASE}/messages/18f2a1c3d4e5f601`, `GET ${BASE}/messages/18f2a0b1c2d3e402`,
    ]);
    expect(reqs[0].query).toEqual({ q: 'is:unread', maxResults: '5' });
    expect(reqs[1].query).toEqual({ format: 'full' });
    for (const r of reqs) {
      expect(r.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(r.body).toBeUndefined();
    }
    expect(out.next_cursor).toBeNull();
    expect(out.result_size_estimate).toBe(2);
    expect(out.messages[0]).toEqual({
      id: '18f2a1c3d4e5f601', thread_id: '18f2a1c3d4e5f601', from: 'Ana Lima <ana@example.com>', to: 'me@example.com', cc: 'ops@example.com',
      subject: 'Q3 planning notes', date: '2024-05-01T12:00:00.000Z', snippet: "Hi team, here are the notes from today&#39;s Q3 planning session.",
      body: "Hi team,\n\nHere are the notes from today's Q3 planning session.\n- Ship the tools API\n- Hire two engineers\n\nAna",
      body_truncated: false, labels: ['UNREAD', 'IMPORTANT', 'CATEGORY_PERSONAL', 'INBOX'], unread: true, attachments: [],
    });
    // HTML-only mail comes back as text, its PDF as a name and size, never as base64.
    expect(out.messages[1]).toMatchObject({
      subject: 'Café invoice', body: 'Your invoice for April is attached.\nTotal: 42 € & thanks',
      attachments: [{ filename: 'invoice-april.pdf', mime_type: 'application/pdf', size: 43120 }],
    });
    expect(JSON.stringify(out)).not.toMatch(/ANGjdJ8wL2mK4d|base64|"data"/);
  });

  it('gmail_fetch_mails pages with next_cursor and decodes a non-UTF-8 charset', async () => {
    const first = await runTool(fetchMails, { max_results: 2 }, ctx());
    expect(fake.requests.at(-3)!.query).toEqual({ maxResults: '2' });
    expect(first.messages).toHaveLength(2);
    expect(first.next_cursor).toBe('pt2');
    const second = await runTool(fetchMails, { max_results: 2, cursor: first.next_cursor, include_spam_trash: true }, ctx());
    expect(fake.requests.at(-2)!.query).toEqual({ maxResults: '2', pageToken: 'pt2', includeSpamTrash: 'true' });
    expect(second.next_cursor).toBeNull();
    expect(second.messages.map((m: any) => [m.from, m.body, m.unread])).toEqual([['João <joao@example.pt>', 'Olá, obrigado pela reunião.', false]]);
  });

  it('gmail_fetch_mails refuses a page size beyond 25 before any call', () => {
    expect(acceptsInput(fetchMails, { query: 'x', max_results: 26 })).toBe(false);
    expect(acceptsInput(fetchMails, { query: 'x', max_results: 0 })).toBe(false);
  });

  it('gmail_get_message reads one email; an unknown id is a 404 ToolFailure naming Gmail\'s reason, a malformed one a 400', async () => {
    const out = await runTool(getMessage, samples.gmail_get_message.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: `${BASE}/messages/18f29f00aa11bb03`, query: { format: 'full' } });
    expect(out).toMatchObject({ subject: 'Re: Q3 planning notes', body: 'Olá, obrigado pela reunião.', thread_id: '18f2a1c3d4e5f601' });

    const missing = await failure(getMessage, { message_id: '0000000000000000' });
    expect(missing.status).toBe(404);
    expect(missing.providerCode).toBe('notFound');
    expect(missing.message).toBe('message 0000000000000000 not found: Requested entity was not found.');

    const malformed = await failure(getMessage, { message_id: 'not/an id' });
    expect(fake.last().path).toBe(`${BASE}/messages/not%2Fan%20id`);
    expect([malformed.status, malformed.providerCode, malformed.message]).toEqual([400, 'invalidArgument', 'message not/an id failed: Invalid id value']);
  });

  it('gmail_send_email sends one base64url RFC 5322 message and answers the seed output shape', async () => {
    const out = await runTool(sendEmail, samples.gmail_send_email.input, ctx());
    const req = fake.last();
    expect([req.method, req.path]).toEqual(['POST', `${BASE}/messages/send`]);
    expect(req.query).toEqual({});
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers['content-type']).toBe('application/json');
    expect(Object.keys(req.body as object)).toEqual(['raw']);
    const raw = (req.body as { raw: string }).raw;
    expect(raw).toMatch(/^[A-Za-z0-9_-]+$/);
    const sent = parseSent(Buffer.from(raw, 'base64url').toString('utf8'));
    expect(sent.headers).toEqual([
      'To: bob@example.com, carol@example.com', 'Cc: dan@example.com', `Subject: =?UTF-8?B?${Buffer.from('Résumé attached ✓').toString('base64')}?=`,
      'MIME-Version: 1.0', 'Content-Type: text/plain; charset="UTF-8"', 'Content-Transfer-Encoding: base64',
    ]);
    expect(sent.text).toBe('Hi Bob,\n\nSee you at 10. — Ana');
    expect(out).toEqual({ message_id: expect.stringMatching(/^[0-9a-f]{16}$/), thread_id: out.message_id, status: 'sent' });
  });

  it('gmail_send_email in a thread looks up the latest Message-ID and threads the reply', async () => {
    const before = fake.requests.length;
    const out = await runTool(sendEmail, { to: ['ana@example.com'], subject: 'Re: Q3 planning notes', body: 'Thanks!', thread_id: '18f2a1c3d4e5f601' }, ctx());
    const [lookup, send] = fake.requests.slice(before);
    expect(lookup).toMatchObject({ method: 'GET', path: `${BASE}/threads/18f2a1c3d4e5f601`, query: { format: 'metadata', metadataHeaders: 'Message-ID' } });
    expect((send.body as { threadId: string }).threadId).toBe('18f2a1c3d4e5f601');
    const sent = parseSent(fake.sentRaw.at(-1)!);
    expect(sent.headers).toContain('In-Reply-To: <CAF=q3-planning@mail.example.com>');
    expect(sent.headers).toContain('References: <CAF=q3-planning@mail.example.com>');
    expect(out.thread_id).toBe('18f2a1c3d4e5f601');
  });

  it('gmail_send_email keeps a model from adding headers through the subject', async () => {
    await runTool(sendEmail, { to: ['bob@example.com'], subject: 'Hello\r\nBcc: eve@evil.example', body: 'x' }, ctx());
    const sent = parseSent(fake.sentRaw.at(-1)!);
    expect(sent.headers.filter((l) => l.startsWith('Bcc'))).toEqual([]);
    expect(sent.headers).toContain('Subject: Hello Bcc: eve@evil.example');
  });

  it('gmail_create_draft saves the message as a draft, sending nothing', async () => {
    const out = await runTool(createDraft, samples.gmail_create_draft.input, ctx());
    const req = fake.last();
    expect([req.method, req.path, req.headers.authorization]).toEqual(['POST', `${BASE}/drafts`, `Bearer ${TOKEN}`]);
    const raw = (req.body as { message: { raw: string } }).message.raw;
    expect(Object.keys(req.body as object)).toEqual(['message']);
    expect(parseSent(Buffer.from(raw, 'base64url').toString('utf8')).headers.slice(0, 3)).toEqual(['To: bob@example.com', 'Bcc: boss@example.com', 'Subject: Draft plan']);
    expect(out).toEqual({ draft_id: expect.stringMatching(/^r-/), message_id: expect.any(String), thread_id: expect.any(String) });
    expect(fake.messages.find((m) => m.id === out.message_id)!.labelIds).toEqual(['DRAFT']);
  });

  it('gmail_list_labels returns ids, names and types, paged by a cursor', async () => {
    const first = await runTool(listLabels, samples.gmail_list_labels.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: `${BASE}/labels`, query: {} });
    expect(first.labels[0]).toEqual({ id: 'CHAT', name: 'CHAT', type: 'system' });
    expect(first.next_cursor).toBe('5');
    const rest = await runTool(listLabels, { max_results: 5, cursor: '5' }, ctx());
    expect(rest).toEqual({ labels: [{ id: 'STARRED', name: 'STARRED', type: 'system' }, { id: 'DRAFT', name: 'DRAFT', type: 'system' }, { id: 'Label_3', name: 'Receipts', type: 'user' }], next_cursor: null });
    const bad = await failure(listLabels, { cursor: 'abc' });
    expect(bad.message).toMatch(/^cursor is invalid/);
  });

  it('gmail_list_filters maps criteria and actions to snake_case, and an empty `{}` to no filters', async () => {
    const out = await runTool(listFilters, samples.gmail_list_filters.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: `${BASE}/settings/filters`, query: {}, body: undefined });
    expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(out).toEqual({
      filters: [
        { id: 'ANe1BmjZ4rq0Xa3l8v', criteria: { from: 'billing@vendor.example', has_attachment: true }, action: { add_label_ids: ['Label_3'], remove_label_ids: ['INBOX'], forward: null } },
        { id: 'ANe1Bmh9kPq2Yb7c1w', criteria: { query: 'list:announce.example.com', size: 1000000, size_comparison: 'larger' }, action: { add_label_ids: [], remove_label_ids: ['UNREAD'], forward: 'archive@example.com' } },
      ],
      next_cursor: null,
    });
    fake.clearFilters();
    expect(await runTool(listFilters, { max_results: 10 }, ctx())).toEqual({ filters: [], next_cursor: null });
  });

  it('gmail_modify_labels marks an email read and archives it; an unknown label is Gmail\'s 400', async () => {
    const out = await runTool(modifyLabels, samples.gmail_modify_labels.input, ctx());
    const req = fake.last();
    expect([req.method, req.path, req.headers.authorization]).toEqual(['POST', `${BASE}/messages/18f2a0b1c2d3e402/modify`, `Bearer ${TOKEN}`]);
    expect(req.body).toEqual({ addLabelIds: ['Label_3'], removeLabelIds: ['UNREAD', 'INBOX'] });
    expect(out).toEqual({ message_id: '18f2a0b1c2d3e402', labels: ['CATEGORY_UPDATES', 'Label_3'] });

    const before = fake.requests.length;
    const nothing = await failure(modifyLabels, { message_id: '18f2a0b1c2d3e402' });
    expect(nothing.message).toMatch(/add_label_ids or remove_label_ids/);
    expect(fake.requests.length).toBe(before);

    const unknown = await failure(modifyLabels, { message_id: '18f2a0b1c2d3e402', add_label_ids: ['Label_999'] });
    expect([unknown.status, unknown.providerCode, unknown.message]).toEqual([400, 'invalidArgument', 'message 18f2a0b1c2d3e402 failed: Invalid label: Label_999']);
  });

  it('leaves a 401 to the runtime (which refreshes the token) instead of turning it into a tool-level error', async () => {
    const err = await failure(listLabels, {}, fakeContext(fake.url, ''));
    expect(err.status).toBe(401);
    expect(err.providerCode).toBeUndefined();
    expect(err.message).toBe('provider answered 401');
  });
});
