import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { JsonObject } from '@bufbuild/protobuf';
import type { Kysely } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import type { Tables } from '../../src/storage/schema.js';
import { DomainError } from '../../src/modules/errors/domain-error.js';
import { forgetEnvironmentSettings } from '../../src/modules/environments/environment-settings.js';
import { createOutboundFetch, type OutboundFetcher } from '../../src/modules/egress/outbound-fetch.js';
import { runToolSpec } from '../../src/modules/tools/execute/run-tool-spec.js';
import { outputData } from '../../src/modules/tools/execute/output-data.js';
import { builtinToolRegistry } from '../../src/modules/tools/registry/tool-registry.js';
import { TOOL_ALIASES, type NestedToolCall } from '../../src/modules/tools/aliases/index.js';
import { DEFAULT_SANDBOX_LIMITS, createCodeToolHost, readToolModule, runCodeTool, sandboxLimitsFor, setSandboxLimits, type CodeToolHostOptions } from '../../src/modules/tools/sandbox/index.js';
import { moduleReplacements } from '../../src/modules/tools/sandbox/quickjs-module.js';
import { acceptsInput, fakeContext } from '../helpers/tool-harness.js';
import { DIALECTS, freshPostgresDatabase } from '../helpers/test-server.js';
import { proxyToolsExample } from '../fixtures/docs/published-docs.js';
import { startGmailFake, type GmailFake } from '../fakes/providers/gmail.js';
import { startSlackFake, type SlackFake } from '../fakes/providers/slack.js';
import { startGoogleCalendarFake, type GoogleCalendarFake } from '../fakes/providers/google_calendar.js';
import { startOutlookFake, type OutlookFake } from '../fakes/providers/outlook.js';
import { JIRA_CLOUD_ID, startJiraFake, type JiraFake } from '../fakes/providers/jira.js';

/**
 * Code tools with the real host: the seed's five examples, verbatim, call generic names that
 * resolve against the user's ACTIVE accounts in the database, and run the real catalog tools
 * against loopback fakes of the providers. `executeNested` here is a small real executor (find the
 * catalog tool, check the account's provider and the input schema, run it against the fake); the
 * server's ExecuteTool path is wired by the custom-tools module.
 */
const ENV = 'env_c2';
const NOW = '2026-12-01T00:00:00.000Z';

/** A loopback Jira site that creates projects (the shared Jira fake has no POST /project). */
async function startJiraProjectFake(): Promise<{ url: string; received: Array<{ method: string; path: string; body: any }>; close(): Promise<void> }> {
  const received: Array<{ method: string; path: string; body: any }> = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      const path = (req.url ?? '').split('?')[0];
      received.push({ method: req.method ?? '', path, body: text ? JSON.parse(text) : undefined });
      const json = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      const api = `/ex/jira/${JIRA_CLOUD_ID}/rest/api/3`;
      if (path === '/oauth/token/accessible-resources') return json(200, [{ id: JIRA_CLOUD_ID, url: 'https://acme.atlassian.net', name: 'acme', scopes: ['manage:jira-configuration'] }]);
      if (path === `${api}/myself`) return json(200, { accountId: '5b10a2844c20165700ede21g', displayName: 'Mia Krystof' });
      if (req.method === 'POST' && path === `${api}/project`) return json(201, { self: `https://acme.atlassian.net/rest/api/3/project/10010`, id: 10010, key: JSON.parse(text).key });
      json(404, { errorMessages: ['No resource found at this path'], errors: {} });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received, close: () => new Promise((r) => server.close(() => r())) };
}

async function seed(db: Kysely<Tables>) {
  await db.insertInto('environments').values({ id: ENV, name: 'c2-aliases', created_at: NOW }).execute();
  const connections = ['gmail', 'outlook', 'slack', 'google_calendar', 'jira', 'microsoft_teams'];
  await db.insertInto('connections').values([...connections, 'gmail_2'].map((name) => ({
    id: `conn_${name}`, environment_id: ENV, connection_name: name, provider_key: name.replace(/_2$/, ''), auth_type: 'OAUTH', client_id: null,
    client_secret_ciphertext: null, scopes: '[]', settings: '{}', enabled: 1, created_at: NOW, updated_at: NOW,
  }))).execute();
  const account = (id: string, connection: string, identifier: string, status = 'ACTIVE') => ({
    id, environment_id: ENV, connection_id: `conn_${connection}`, identifier, organization_id: null, user_id: null, status, auth_type: 'OAUTH',
    credentials_ciphertext: 'v1:secret-ciphertext-never-shown', credentials_version: 1, token_expires_at: null, scopes: '["gmail.send"]',
    account_fields: '{}', api_config: '{}', authorized_user_id: null, authorized_user_email: null, last_used_at: null, created_at: NOW, updated_at: NOW,
  });
  await db.insertInto('connected_accounts').values([
    // user_123 has everything; Gmail is preferred over Outlook for send_email.
    ...connections.map((c) => account(`ca_${c}`, c, 'user_123')),
    // user_outlook's Gmail account has expired: send_email goes to Outlook.
    account('ca_o_gmail', 'gmail', 'user_outlook', 'EXPIRED'), account('ca_o_outlook', 'outlook', 'user_outlook'),
    // user_two has Gmail on two connections.
    account('ca_t_gmail', 'gmail', 'user_two'), account('ca_t_gmail2', 'gmail_2', 'user_two'),
  ]).execute();
}

for (const dialect of DIALECTS) {
  describe(`code tools: the seed's context and generic tool names (${dialect.name})`, () => {
    let storage: Storage;
    let dir: string;
    let outbound: OutboundFetcher;
    let gmail: GmailFake, slack: SlackFake, calendar: GoogleCalendarFake, outlook: OutlookFake, jira: JiraFake;
    let projects: Awaited<ReturnType<typeof startJiraProjectFake>>;
    let nested: NestedToolCall[];
    const registry = builtinToolRegistry();

    beforeAll(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-aliases-'));
      storage = await openStorage({ databaseUrl: dialect.databaseUrl ? await freshPostgresDatabase(dialect.databaseUrl) : undefined, dataDir: dir });
      await migrateToLatest(storage);
      await seed(storage.db);
      outbound = createOutboundFetch();
    });
    afterAll(async () => {
      await outbound.close();
      await storage.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    beforeEach(async () => {
      [gmail, slack, calendar, outlook, jira, projects] = await Promise.all([startGmailFake(), startSlackFake(), startGoogleCalendarFake(), startOutlookFake(), startJiraFake(), startJiraProjectFake()]);
      nested = [];
    });
    afterEach(async () => {
      await Promise.all([gmail, slack, calendar, outlook, jira, projects].map((f) => f.close()));
    });

    const baseUrl = (tool: string, provider: string): string =>
      tool === 'jira_create_project' ? projects.url : ({ gmail: gmail.url, slack: slack.url, google_calendar: calendar.url, outlook: outlook.url, jira: jira.url } as Record<string, string>)[provider];

    /** The small real executor: the catalog tool, the account's provider, the input schema, then the tool against its fake. */
    async function executeNested(call: NestedToolCall): Promise<JsonObject> {
      nested.push(call);
      const spec = registry.byName(call.tool)?.spec;
      if (!spec) throw new DomainError('not_found', `tool '${call.tool}' does not exist`, { reason: 'TOOL_NOT_FOUND' });
      const account = await storage.db.selectFrom('connected_accounts as a').innerJoin('connections as c', 'c.id', 'a.connection_id')
        .select(['c.provider_key as provider', 'a.status as status']).where('a.id', '=', call.connected_account_id ?? '').executeTakeFirst();
      if (account?.provider !== spec.definition.provider || account.status !== 'ACTIVE') throw new DomainError('failed_precondition', `no ACTIVE ${spec.definition.provider} account`, { reason: 'CONNECTED_ACCOUNT_NOT_ACTIVE' });
      if (!acceptsInput(spec, call.parameters ?? {})) throw new DomainError('invalid_argument', `params do not match ${call.tool}'s input_schema`, { reason: 'INVALID_ARGUMENT' });
      return outputData(await runToolSpec(spec, call.parameters ?? {}, fakeContext(baseUrl(call.tool, spec.definition.provider))));
    }

    const host = (o: Partial<CodeToolHostOptions> = {}) => createCodeToolHost({ db: storage.db, envId: ENV, identifier: 'user_123', executionId: 'exe_c2', executeNested, outbound, ...o });
    const runSeed = (heading: string, params: unknown, h = host()) => runCodeTool({ source: readToolModule(proxyToolsExample(heading)).implementation as string, params, host: h, executionId: 'exe_c2' });
    const failure = async (p: Promise<unknown>) => {
      const e = await p.then(() => undefined, (err: unknown) => err);
      expect(e).toBeInstanceOf(DomainError);
      return e as DomainError;
    };
    const gmailSends = () => gmail.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/messages/send'));
    const mailText = (raw: string) => {
      const mime = Buffer.from(raw, 'base64url').toString('utf8');
      const [head, body] = mime.split('\r\n\r\n');
      return { head, body: Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8') };
    };

    it('has a concrete catalog tool behind every generic name of the seed', () => {
      expect([...TOOL_ALIASES.keys()].sort()).toEqual(['create_channel', 'create_event', 'create_jira_project', 'fetch_events', 'fetch_issues', 'find_available_slots', 'send_email', 'send_message']);
      for (const alias of TOOL_ALIASES.values()) {
        for (const t of alias.targets) {
          const spec = registry.byName(t.tool)?.spec;
          expect(spec?.definition.provider, `${alias.name} → ${t.tool}`).toBe(t.provider);
        }
      }
    });

    it('Basic custom tool: send_email goes out through Gmail, preferred over Outlook', async () => {
      const out = await runSeed('Basic custom tool', { user_name: 'John Doe', user_email: 'john@example.com', company_name: 'Acme Corp' });
      const [send] = gmailSends();
      const mail = mailText((send.body as { raw: string }).raw);
      expect(mail.head).toContain('To: john@example.com');
      expect(mail.head).toContain('Subject: Welcome to Acme Corp!');
      expect(mail.body).toContain('Welcome to Acme Corp, John Doe!');
      expect(out).toEqual({ message_id: expect.any(String), status: 'sent' });
      expect(nested).toEqual([{ tool: 'gmail_send_email', connected_account_id: 'ca_gmail', parameters: expect.objectContaining({ to: ['john@example.com'] }) }]);
      expect(outlook.requests).toHaveLength(0);
    });

    it('Multi-step workflow tool: a Jira project, a Slack channel, a mail per member and a welcome message', async () => {
      const out = await runSeed('Multi-step workflow tool', {
        project_name: 'Apollo', project_key: 'APW', team_members: ['ana@example.com', 'bo@example.com'], project_description: 'Moon shot',
      });
      expect(projects.received.find((r) => r.method === 'POST')).toEqual({
        method: 'POST', path: `/ex/jira/${JIRA_CLOUD_ID}/rest/api/3/project`,
        body: { key: 'APW', name: 'Apollo', description: 'Moon shot', projectTypeKey: 'software', leadAccountId: '5b10a2844c20165700ede21g' },
      });
      const slackCalls = slack.requests.map((r) => [r.path, (r.body as any)?.name ?? (r.body as any)?.channel]);
      expect(slackCalls).toEqual([['/api/conversations.create', 'apw-team'], ['/api/chat.postMessage', '#apw-team']]);
      expect((slack.requests[1].body as { text: string }).text).toBe('🎉 Welcome to Apollo! This channel is for project discussion and updates.');
      const mails = gmailSends().map((r) => mailText((r.body as { raw: string }).raw));
      expect(mails.map((m) => m.head.split('\r\n')[0])).toEqual(['To: ana@example.com', 'To: bo@example.com']);
      expect(mails[0].body).toContain('Jira Project: https://acme.atlassian.net/browse/APW');
      expect(mails[0].body).toContain('Slack Channel: #apw-team');
      expect(out).toEqual({ jira_project_id: '10010', slack_channel_id: expect.stringMatching(/^C0/), notifications_sent: 2 });
    });

    it('Data processing tool: issues from Jira, events from the calendar, an HTML report mailed to each member', async () => {
      const out = (await runSeed('Data processing tool', {
        team_members: ['ana@example.com', 'mia@example.com'], start_date: '2024-05-06', end_date: '2024-05-06', include_calendar: true,
      })) as any;
      const search = jira.requests.find((r) => r.path.endsWith('/search/jql'));
      expect((search?.body as { jql: string }).jql).toBe('assignee in (ana@example.com,mia@example.com) AND created >= 2024-05-06 AND created <= 2024-05-06');
      const list = calendar.requests.find((r) => r.method === 'GET' && r.path.endsWith('/events'));
      expect([list?.query.timeMin, list?.query.timeMax]).toEqual(['2024-05-06T00:00:00.000Z', '2024-05-06T23:59:59.000Z']);
      expect(out.summary.issues).toEqual({ total: 4, completed: 1, in_progress: 1 });
      // Weekly sync (30 min) and Design review (1 h) on the user's calendar that day.
      expect(out.summary.meetings).toEqual({ total: 2, hours: 1.5 });
      expect(out.sent_to).toEqual(['ana@example.com', 'mia@example.com']);
      const mails = gmailSends().map((r) => mailText((r.body as { raw: string }).raw));
      expect(mails).toHaveLength(2);
      expect(mails[0].head).toContain('Subject: Team Report - 2024-05-06 to 2024-05-06');
      expect(mails[0].body).toContain('Total Issues: 4');
    });

    it('Slack notification tool: send_message answers what the seed returns (message_ts)', async () => {
      const out = await runSeed('Slack notification tool', { channel: '#general', message: 'Deploy finished', severity: 'info', mentions: ['W012A3BCD'] });
      expect(slack.last().body).toEqual({ channel: '#general', text: '<@W012A3BCD> Deploy finished' });
      expect(out).toEqual({ ok: true, channel: expect.stringMatching(/^C/), message_ts: expect.stringMatching(/^\d+\.\d+$/), ts: expect.any(String), text: '<@W012A3BCD> Deploy finished' });
    });

    it('Calendar scheduling tool: the first free slot of the attendees, booked as an event', async () => {
      const out = (await runSeed('Calendar scheduling tool', { attendees: ['ana@example.com'], duration: 30, meeting_title: 'Kickoff', meeting_description: 'Plan' })) as any;
      const freeBusy = calendar.requests.find((r) => r.path.endsWith('/freeBusy'));
      expect((freeBusy?.body as { items: unknown[] }).items).toEqual([{ id: 'primary' }, { id: 'ana@example.com' }]);
      const created = calendar.requests.find((r) => r.method === 'POST' && r.path.endsWith('/events'))?.body as any;
      expect(created).toMatchObject({ summary: 'Kickoff', description: 'Plan', attendees: [{ email: 'ana@example.com' }] });
      expect(Date.parse(created.end.dateTime) - Date.parse(created.start.dateTime)).toBe(30 * 60_000);
      expect(out).toEqual({ event_id: expect.any(String), scheduled_time: created.start.dateTime, attendees_notified: 1 });
    });

    it('sends with Outlook when the Gmail account is not ACTIVE, mapping html_body and the answer', async () => {
      const out = await runCodeTool({
        source: `async (p, context) => context.tools.execute({ tool: 'send_email', parameters: { to: ['ana@example.com'], subject: 'Hi', html_body: '<p>Hello</p>' } })`,
        params: {}, host: host({ identifier: 'user_outlook' }), executionId: 'exe_c2',
      });
      expect(out).toEqual({ message_id: null, status: 'sent' });
      expect(nested).toEqual([{ tool: 'outlook_send_email', connected_account_id: 'ca_o_outlook', parameters: { to: ['ana@example.com'], subject: 'Hi', body: '<p>Hello</p>', is_html: true } }]);
      expect(outlook.last().body).toMatchObject({ message: { body: { contentType: 'HTML', content: '<p>Hello</p>' } } });
    });

    it('prefers the account the code tool runs as, and follows connected_account_id', async () => {
      const send = `async (p, context) => context.tools.execute({ tool: 'send_email', connected_account_id: p.account, parameters: { to: ['ana@example.com'], subject: 'Hi', body: 'x' } })`;
      await runCodeTool({ source: send, params: {}, host: host({ connectedAccountId: 'ca_outlook' }), executionId: 'e' });
      await runCodeTool({ source: send, params: { account: 'ca_outlook' }, host: host(), executionId: 'e' });
      expect(nested.map((c) => [c.tool, c.connected_account_id])).toEqual([['outlook_send_email', 'ca_outlook'], ['outlook_send_email', 'ca_outlook']]);
    });

    it('refuses clearly: no fitting account, an account of another provider, several connections, bad parameters', async () => {
      const call = (params: string, o: Partial<CodeToolHostOptions> = {}) =>
        failure(runCodeTool({ source: `async (p, context) => context.tools.execute(${params})`, params: {}, host: host(o), executionId: 'e' }));
      const none = await call(`{ tool: 'create_channel', parameters: { name: 'x' } }`, { identifier: 'user_outlook' });
      expect([none.toolErrorInfo?.toolErrorCode, none.message]).toEqual(['CONNECTED_ACCOUNT_NOT_FOUND', `create_channel needs an ACTIVE slack account for 'user_outlook'; connect one through an authorization link (actions.getAuthorizationLink)`]);
      const other = await call(`{ tool: 'send_email', connected_account_id: 'ca_slack', parameters: { to: ['a@b.co'], subject: 's', body: 'b' } }`);
      expect(other.message).toContain("send_email runs on gmail or outlook; account 'ca_slack' is on slack");
      const two = await call(`{ tool: 'send_email', parameters: { to: ['a@b.co'], subject: 's', body: 'b' } }`, { identifier: 'user_two' });
      expect(two.message).toContain("'user_two' has ACTIVE gmail accounts on several connections (gmail, gmail_2); pass connected_account_id");
      const bad = await call(`{ tool: 'send_email', parameters: { subject: 's', body: 'b' } }`);
      expect([bad.code, bad.toolErrorInfo?.toolErrorCode, bad.message]).toEqual(['invalid_argument', 'INVALID_ARGUMENT', 'send_email.parameters.to is required']);
      expect(nested).toHaveLength(0);
    });

    it('lists and gets accounts without credentials', async () => {
      const out = (await runCodeTool({
        source: `async (p, context) => ({ one: await context.accounts.get('ca_gmail'), mine: await context.accounts.list({ provider: 'gmail' }), theirs: await context.accounts.list({ identifier: 'user_two' }) })`,
        params: {}, host: host(), executionId: 'e',
      })) as any;
      expect(out.one).toEqual({
        id: 'ca_gmail', identifier: 'user_123', connector: 'gmail', provider: 'gmail', status: 'ACTIVE', authorization_type: 'OAUTH', organization_id: null, user_id: null,
        scopes: ['gmail.send'], account_fields: {}, token_expires_at: null, last_used_at: null, created_at: NOW, updated_at: NOW,
      });
      expect(out.mine.accounts.map((a: any) => a.id)).toEqual(['ca_gmail']);
      expect(out.theirs.accounts.map((a: any) => a.id)).toEqual(['ca_t_gmail', 'ca_t_gmail2']);
      expect(JSON.stringify(out)).not.toContain('secret-ciphertext');
      const missing = await failure(runCodeTool({ source: `async (p, c) => c.accounts.get('ca_nope')`, params: {}, host: host(), executionId: 'e' }));
      expect(missing.toolErrorInfo?.toolErrorCode).toBe('CONNECTED_ACCOUNT_NOT_FOUND');
    });

    it('sends utils.httpRequest through the egress guard: non-public hosts only when the environment allows them', async () => {
      const req = (url: string) => runCodeTool({ source: `async (p, c) => c.utils.httpRequest({ url: ${JSON.stringify(url)}, method: 'POST', body: { q: 1 } })`, params: {}, host: host(), executionId: 'e' });
      for (const url of [`${slack.url}/chat.postMessage`, 'http://169.254.169.254/latest/meta-data/']) {
        const refused = await failure(req(url));
        expect(refused.toolErrorInfo?.toolErrorCode).toBe('PROXY_DESTINATION_REFUSED');
        expect(refused.message).toContain('proxy_allowed_hosts');
      }
      expect(slack.requests).toHaveLength(0);
      await storage.db.insertInto('environment_settings').values({ environment_id: ENV, settings: JSON.stringify({ proxy_allowed_hosts: ['127.0.0.1'] }), updated_at: NOW }).execute();
      forgetEnvironmentSettings(ENV); // a write past updateEnvironmentSettings: seen at once, not after the cache's TTL
      try {
        const out = (await req(`${slack.url}/chat.postMessage`)) as any;
        expect(out.status).toBe(200);
        expect(out.body).toEqual({ ok: false, error: 'not_authed' });
        expect(slack.last().body).toEqual({ q: 1 });
      } finally {
        await storage.db.deleteFrom('environment_settings').where('environment_id', '=', ENV).execute();
        forgetEnvironmentSettings(ENV);
      }
    });

    it('bounds context calls across a whole tree of code tools, however it recurses', async () => {
      const recurse = `async (p, context) => context.tools.execute({ tool: 'recurse', parameters: {} })`;
      let runs = 0;
      const tree = async (budget?: ReturnType<typeof host>['budget']): Promise<unknown> => {
        runs++;
        const h = host({
          budget,
          limits: undefined,
          executeNested: async (call) => (call.tool === 'recurse' ? ((await tree(h.budget)) as JsonObject) : executeNested(call)),
        });
        return runCodeTool({ source: recurse, params: {}, host: h, executionId: `exe_${runs}` });
      };
      const err = await failure(tree());
      expect(err.toolErrorInfo?.toolErrorCode).toBe('CODE_TOOL_CALL_LIMIT');
      expect(err.message).toContain('too many context calls (code_tool_limits.hostCalls');
      expect(runs).toBe(51);
    });

    it("takes an environment's code_tool_limits over the defaults, each field checked", async () => {
      expect(await sandboxLimitsFor(storage.db, ENV)).toEqual(DEFAULT_SANDBOX_LIMITS);
      const bad = await setSandboxLimits(storage.db, ENV, { cpuMs: 50, memoryBytes: 1 }).catch((e: DomainError) => e);
      expect((bad as DomainError).violations).toEqual([{ field: 'code_tool_limits.memoryBytes', description: 'must be an integer from 1048576 to 268435456' }]);
      try {
        const limits = await setSandboxLimits(storage.db, ENV, { cpuMs: 50, hostCalls: 2 });
        expect(limits).toEqual({ ...DEFAULT_SANDBOX_LIMITS, cpuMs: 50, hostCalls: 2 });
        const stopped = await failure(runCodeTool({ source: 'async () => { for (;;) {} }', params: {}, host: host({ limits }), limits, executionId: 'e' }));
        expect(stopped.message).toContain('after 50 ms of CPU time');
      } finally {
        await setSandboxLimits(storage.db, ENV, {});
      }
      expect(await sandboxLimitsFor(storage.db, ENV)).toEqual(DEFAULT_SANDBOX_LIMITS);
    });

    it('freed every VM', () => {
      expect(moduleReplacements()).toBe(0);
    });
  });
}
