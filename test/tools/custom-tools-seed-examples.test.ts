import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitToolException } from '@scalekit-sdk/node';
import { DIALECTS } from '../helpers/test-server.js';
import { restCall, startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, oauthCredentials } from '../helpers/agent-auth-fixtures.js';
import { eventually, rejectionOf, secret } from '../helpers/test-utils.js';
import { violations } from '../helpers/wire-errors.js';
import { PROXY_TOOL_EXAMPLES, proxyToolsExample } from '../fixtures/docs/published-docs.js';
import { startGmailFake, type GmailFake } from '../fakes/providers/gmail.js';
import { startSlackFake, type SlackFake } from '../fakes/providers/slack.js';
import { startGoogleCalendarFake, type GoogleCalendarFake } from '../fakes/providers/google_calendar.js';
import { JIRA_CLOUD_ID, startJiraFake, type JiraFake } from '../fakes/providers/jira.js';

/**
 * The seed's five example tools ("Proxy Tools"), end to end: each registered with the seed's REST
 * call as written (its body, the raw client secret as bearer), executed through the official SDK,
 * its generic names (send_email, create_channel, …) running the catalog tools against loopback
 * fakes of Gmail, Slack, Jira and Google Calendar through the server's ExecuteTool path.
 */
const SEED_PATH = '/v1/connect/tools/custom';
const USER = 'user_123';
const JIRA_API = `/ex/jira/${JIRA_CLOUD_ID}/rest/api/3`;

/**
 * The seed's JavaScript evaluated in Node as a developer's script would, then sent as the seed's
 * JSON body: every field as written, `implementation` as the function's source text.
 */
function seedBody(heading: string): Record<string, unknown> {
  const code = proxyToolsExample(heading);
  const name = /^const\s+(\w+)\s*=/m.exec(code)![1];
  const tool = new Function(`${code}\nreturn ${name};`)() as Record<string, unknown> & { implementation: () => unknown };
  return JSON.parse(JSON.stringify({ ...tool, implementation: tool.implementation.toString() }));
}

/** A Gmail send's raw MIME message: its headers and its decoded text. */
function mailOf(raw: string): { head: string; body: string } {
  const mime = Buffer.from(raw, 'base64url').toString('utf8');
  const [head, body] = mime.split('\r\n\r\n');
  return { head, body: Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8') };
}

for (const dialect of DIALECTS) {
  describe(`the seed's five custom tools, registered by REST and executed through the SDK (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    let gmail: GmailFake, slack: SlackFake, calendar: GoogleCalendarFake, jira: JiraFake;
    const accounts: Record<string, string> = {};
    const token = secret('seed-examples-token');
    const execute = (toolName: string, toolInput: Record<string, unknown>) => env.sdk.actions.executeTool({ toolName, identifier: USER, toolInput });
    const sends = (from: number) => gmail.requests.slice(from).filter((r) => r.method === 'POST' && r.path.endsWith('/messages/send')).map((r) => mailOf((r.body as { raw: string }).raw));
    /** The records of an execution and of the `n` nested ones it started (written after it, for the same user). */
    const recordsOf = (executionId: string, n: number) =>
      eventually(async () => {
        const rows = await env.db.selectFrom('tool_executions').selectAll().where('identifier', '=', USER).where('id', '>=', executionId).orderBy('id').execute();
        const top = rows.find((r) => r.id === executionId);
        return top && rows.length === n + 1 ? { top, nested: rows.filter((r) => r.id !== executionId) } : undefined;
      });

    beforeAll(async () => {
      [gmail, slack, calendar, jira] = await Promise.all([startGmailFake(), startSlackFake(), startGoogleCalendarFake(), startJiraFake()]);
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'] });
      for (const [provider, fake] of [['gmail', gmail], ['slack', slack], ['google_calendar', calendar], ['jira', jira]] as const) {
        const { account } = await connectionWithAccount(env, {
          providerKey: provider, connectionName: provider, authType: 'OAUTH', identifier: USER, credentials: oauthCredentials({ access_token: token }), proxyUrl: fake.url,
        });
        accounts[provider] = account.id;
      }
    });
    afterAll(async () => {
      await env?.server.close();
      await Promise.all([gmail, slack, calendar, jira].map((f) => f?.close()));
    });

    it("registers each example with the seed's call as written: Authorization: Bearer <client secret>, its JSON body", async () => {
      for (const heading of PROXY_TOOL_EXAMPLES) {
        const body = seedBody(heading);
        expect(Object.keys(body).sort()).toEqual(['category', 'description', 'display_name', 'implementation', 'input_schema', 'name', 'output_schema', 'provider']);
        expect(body.implementation).toMatch(/^async \(parameters, context\) => \{/);
        const res = await fetch(env.server.url + SEED_PATH, {
          method: 'POST',
          headers: { Authorization: `Bearer ${env.client.clientSecret}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        const text = await res.text();
        expect(res.status, text).toBe(201);
        expect(JSON.parse(text)).toMatchObject({ name: body.name, tool_version: '1.0.0', is_default: true, kind: 'code', implementation: body.implementation });
      }
      const listed = await env.sdk.tools.listTools({ filter: { provider: 'CUSTOM' }, pageSize: 100 });
      expect(listed.tools.map((t) => t.definition?.name)).toEqual(['create_project_workflow', 'generate_team_report', 'schedule_team_meeting', 'send_slack_notification', 'send_welcome_email']);
    });

    it('Basic custom tool: send_welcome_email sends one mail through Gmail', async () => {
      const mark = gmail.requests.length;
      const res = await execute('send_welcome_email', { user_name: 'John Doe', user_email: 'john@example.com', company_name: 'Acme Corp' });
      const [mail, ...more] = sends(mark);
      expect(more).toEqual([]);
      expect(mail.head).toContain('To: john@example.com');
      expect(mail.head).toContain('Subject: Welcome to Acme Corp!');
      expect(mail.body).toContain('Welcome to Acme Corp, John Doe!');
      expect(mail.body).toContain('The Acme Corp Team');
      expect(gmail.requests.slice(mark).every((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);
      expect(res.data).toEqual({ message_id: expect.stringMatching(/^[0-9a-f]+$/), status: 'sent' });
      const { top, nested } = await recordsOf(res.executionId, 1);
      expect(top).toMatchObject({ tool_name: 'send_welcome_email', tool_version: '1.0.0', outcome: 'success', account_id: null });
      expect(nested.map((r) => [r.tool_name, r.account_id, r.outcome])).toEqual([['gmail_send_email', accounts.gmail, 'success']]);
    });

    it('Multi-step workflow tool: a Jira project, a Slack channel, a mail per member and a welcome message', async () => {
      const [g, s, j] = [gmail.requests.length, slack.requests.length, jira.requests.length];
      const res = await execute('create_project_workflow', { project_name: 'Apollo', project_key: 'APW', team_members: ['ana@example.com', 'bo@example.com'], project_description: 'Moon shot' });
      const jiraCalls = jira.requests.slice(j);
      expect(jiraCalls.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /oauth/token/accessible-resources', `GET ${JIRA_API}/myself`, `POST ${JIRA_API}/project`]);
      expect(jiraCalls[2].body).toEqual({ key: 'APW', name: 'Apollo', description: 'Moon shot', projectTypeKey: 'software', leadAccountId: '5b10a2844c20165700ede21g' });
      const slackCalls = slack.requests.slice(s);
      expect(slackCalls.map((r) => [r.path, (r.body as Record<string, unknown>).name ?? (r.body as Record<string, unknown>).channel])).toEqual([
        ['/api/conversations.create', 'apw-team'],
        ['/api/chat.postMessage', '#apw-team'],
      ]);
      expect((slackCalls[1].body as { text: string }).text).toBe('🎉 Welcome to Apollo! This channel is for project discussion and updates.');
      const mails = sends(g);
      expect(mails.map((m) => m.head.split('\r\n')[0])).toEqual(['To: ana@example.com', 'To: bo@example.com']);
      expect(mails[0].head).toContain('Subject: New Project: Apollo');
      expect(mails[0].body).toContain('Jira Project: https://acme.atlassian.net/browse/APW');
      expect(mails[0].body).toContain('Slack Channel: #apw-team');
      expect(res.data).toEqual({ jira_project_id: '10010', slack_channel_id: expect.stringMatching(/^C0/), notifications_sent: 2 });
      const { top, nested } = await recordsOf(res.executionId, 5);
      expect(top.outcome).toBe('success');
      expect(nested.map((r) => r.tool_name).sort()).toEqual(['gmail_send_email', 'gmail_send_email', 'jira_create_project', 'slack_create_channel', 'slack_send_message']);
    });

    it('Data processing tool: Jira issues and calendar events, an HTML report mailed to each member', async () => {
      const [g, c, j] = [gmail.requests.length, calendar.requests.length, jira.requests.length];
      const res = await execute('generate_team_report', { team_members: ['ana@example.com', 'mia@example.com'], start_date: '2024-05-06', end_date: '2024-05-06', include_calendar: true });
      const search = jira.requests.slice(j).find((r) => r.method === 'POST' && r.path === `${JIRA_API}/search/jql`);
      expect((search?.body as { jql: string }).jql).toBe('assignee in (ana@example.com,mia@example.com) AND created >= 2024-05-06 AND created <= 2024-05-06');
      const list = calendar.requests.slice(c).find((r) => r.method === 'GET' && r.path === '/calendar/v3/calendars/primary/events');
      expect([list?.query.timeMin, list?.query.timeMax]).toEqual(['2024-05-06T00:00:00.000Z', '2024-05-06T23:59:59.000Z']);
      const mails = sends(g);
      expect(mails.map((m) => m.head.split('\r\n')[0]).sort()).toEqual(['To: ana@example.com', 'To: mia@example.com']);
      expect(mails[0].head).toContain('Subject: Team Report - 2024-05-06 to 2024-05-06');
      expect(mails[0].body).toContain('Total Issues: 4');
      expect(mails[0].body).toContain('Total Meetings: 2');
      const data = res.data as { report_url: string; summary: Record<string, unknown>; sent_to: string[] };
      expect(data).toEqual({
        report_url: 'Generated and sent via email',
        summary: { period: { start_date: '2024-05-06', end_date: '2024-05-06' }, team_size: 2, issues: { total: 4, completed: 1, in_progress: 1 }, meetings: { total: 2, hours: 1.5 } },
        sent_to: ['ana@example.com', 'mia@example.com'],
      });
      const { nested } = await recordsOf(res.executionId, 4);
      expect(nested.map((r) => r.tool_name).sort()).toEqual(['gmail_send_email', 'gmail_send_email', 'google_calendar_list_events', 'jira_search_issues']);
    });

    it('Slack notification tool: send_message posts the mention and text, and answers what the seed returns', async () => {
      const s = slack.requests.length;
      const res = await execute('send_slack_notification', { channel: '#general', message: 'Deploy finished', severity: 'warning', mentions: ['W012A3BCD'] });
      const calls = slack.requests.slice(s);
      expect(calls.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/chat.postMessage']);
      expect(calls[0].body).toEqual({ channel: '#general', text: '<@W012A3BCD> Deploy finished' });
      expect(res.data).toEqual({ ok: true, channel: 'C012AB3CD', message_ts: expect.stringMatching(/^\d+\.\d+$/), ts: expect.any(String), text: '<@W012A3BCD> Deploy finished' });
      expect((res.data as { message_ts: string }).message_ts).toBe((res.data as { ts: string }).ts);
    });

    it('Calendar scheduling tool: the first slot everyone has free, booked as an event', async () => {
      const c = calendar.requests.length;
      const res = await execute('schedule_team_meeting', { attendees: ['ana@example.com'], duration: 30, meeting_title: 'Kickoff', meeting_description: 'Plan the quarter' });
      const calls = calendar.requests.slice(c);
      expect(calls.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /calendar/v3/freeBusy', 'POST /calendar/v3/calendars/primary/events']);
      expect((calls[0].body as { items: unknown[] }).items).toEqual([{ id: 'primary' }, { id: 'ana@example.com' }]);
      const created = calls[1].body as { summary: string; start: { dateTime: string }; end: { dateTime: string } };
      expect(created).toMatchObject({ summary: 'Kickoff', description: 'Plan the quarter', attendees: [{ email: 'ana@example.com' }] });
      expect(Date.parse(created.end.dateTime) - Date.parse(created.start.dateTime)).toBe(30 * 60_000);
      expect(res.data).toEqual({ event_id: expect.stringMatching(/^n3w/), scheduled_time: created.start.dateTime, attendees_notified: 1 });
    });

    it("a failure deep inside an example reaches the caller as the seed's error, and is recorded", async () => {
      // The project key is taken now: the workflow's try/catch rethrows "Project creation failed: …".
      const err = (await rejectionOf(
        execute('create_project_workflow', { project_name: 'Apollo again', project_key: 'APW', team_members: ['ana@example.com'] }),
        ScalekitToolException as never,
      )) as unknown as ScalekitToolException;
      expect(err.toolErrorCode).toBe('CODE_TOOL_ERROR');
      expect(err.toolErrorMessage).toMatch(/^the code tool threw Error: Project creation failed: Jira answered 400: projectKey: Project 'Apollo' uses this project key\./);
      const { top } = await recordsOf(err.executionId, 1);
      expect(top).toMatchObject({ tool_name: 'create_project_workflow', outcome: 'error', error_code: 'CODE_TOOL_ERROR' });
    });

    it('refuses a custom tool named like a generic tool name, which context.tools.execute resolves first', async () => {
      for (const name of ['send_email', 'create_jira_project']) {
        const res = await restCall(env.server.url + SEED_PATH, { method: 'POST', token: env.client.clientSecret, body: { ...seedBody('Basic custom tool'), name } });
        expect(res.status, res.text).toBe(400);
        expect(violations(res.json)).toEqual([{ field: 'name', description: expect.stringContaining(`is a generic tool name that context.tools.execute resolves to a catalog tool`) }]);
      }
      expect(await env.db.selectFrom('custom_tools').select('name').where('name', 'in', ['send_email', 'create_jira_project']).execute()).toEqual([]);
    });
  });
}
