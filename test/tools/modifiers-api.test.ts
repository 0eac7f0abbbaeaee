import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/test-server.js';
import { environmentAccess, restCall, startAgentAuthEnv, type AgentAuthEnv, type EnvironmentAccess } from '../helpers/agent-auth-env.js';
import { runCli } from '../helpers/run-cli.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { applyPostModifiers, applyPreModifiers } from '../../src/modules/tools/modifiers/apply-modifiers.js';
import { upsertModifierRow } from '../../src/modules/tools/modifiers/modifier-store.js';

const BASE = '/api/v1/agent-auth/tool-modifiers';
const TOOL = 'gmail_fetch_mails';
const UNREAD = { pre: [{ op: 'append', path: 'query', value: 'is:unread' }] };
const NO_POST = { keep: null, drop: [], max_string_length: null, max_array_items: null };

for (const dialect of DIALECTS) {
  describe(`tool modifiers: REST API, CLI and the rule an execution gets (${dialect.name})`, () => {
    let dev: AgentAuthEnv;
    let prod: EnvironmentAccess;
    let cliEnv: Record<string, string>;
    let workId: string;
    let dir: string;
    const cli = (...args: string[]) => runCli(args, cliEnv);
    const rest = (p: string, init: { method?: string; body?: unknown; token?: string | null } = {}) =>
      restCall(dev.server.url + BASE + p, { ...init, token: init.token === undefined ? dev.token : init.token });
    const rowCount = async () => Number((await dev.db.selectFrom('tool_modifiers').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const pre = (connectionId: string | null, input: unknown) => applyPreModifiers(dev.db, dev.envId, TOOL, connectionId, input);

    beforeAll(async () => {
      dev = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl });
      prod = await environmentAccess(dev.server, 'production');
      await createConnection(dev.db, dev.vault, dev.envId, { providerKey: 'gmail', connectionName: 'gmail' });
      workId = (await createConnection(dev.db, dev.vault, dev.envId, { providerKey: 'gmail', connectionName: 'gmail-work' })).id;
      await createConnection(dev.db, dev.vault, dev.envId, { providerKey: 'slack', connectionName: 'slack' });
      cliEnv = {
        DATA_DIR: dev.server.dataDir,
        PUBLIC_URL: dev.server.core.config.publicUrl,
        LOG_LEVEL: 'error',
        ...(dev.server.core.config.databaseUrl ? { DATABASE_URL: dev.server.core.config.databaseUrl } : {}),
      };
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-modifiers-'));
    });
    afterAll(async () => {
      await dev?.server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it('PUT creates and replaces, GET reads, DELETE removes; each takes effect on the next execution in this process', async () => {
      expect((await rest(`/${TOOL}`, { token: null })).status).toBe(401);
      expect((await rest(`/${TOOL}`, { method: 'PUT', body: UNREAD, token: null })).status).toBe(401);
      const none = await rest(`/${TOOL}`);
      expect(none.status).toBe(404);
      expect(none.json.message).toBe("tool 'gmail_fetch_mails' has no modifier for the whole environment");
      expect(none.json.details[0].error_code).toBe('TOOL_MODIFIER_NOT_FOUND');

      const put = await rest(`/${TOOL}`, { method: 'PUT', body: UNREAD });
      expect(put.status).toBe(200);
      expect(put.json).toMatchObject({ tool_name: TOOL, connection_name: null, pre: UNREAD.pre, post: NO_POST });
      expect(put.json.id).toMatch(/^tmod_/);
      expect(await rest(`/${TOOL}`)).toMatchObject({ status: 200, json: put.json });
      expect(await pre(null, { query: 'from:boss' })).toEqual({ query: 'from:boss is:unread' });

      // What GET answers can be PUT back; a replacement keeps the id and creation time.
      const replaced = await rest(`/${TOOL}`, { method: 'PUT', body: { ...put.json, post: { max_array_items: 3 } } });
      expect(replaced.status).toBe(200);
      expect(replaced.json).toMatchObject({ id: put.json.id, created_at: put.json.created_at, post: { ...NO_POST, max_array_items: 3 } });
      expect(await applyPostModifiers(dev.db, dev.envId, TOOL, null, { messages: [1, 2, 3, 4] })).toEqual({ messages: [1, 2, 3] });

      expect(await rest(`/${TOOL}`, { method: 'DELETE' })).toMatchObject({ status: 200, json: {} });
      expect((await rest(`/${TOOL}`)).status).toBe(404);
      expect((await rest(`/${TOOL}`, { method: 'DELETE' })).status).toBe(404);
      expect(await pre(null, { query: 'from:boss' })).toEqual({ query: 'from:boss' });
      expect(await rowCount()).toBe(0);
    });

    it("a connection's own rule wins over the environment-wide one, for that connection only", async () => {
      await rest(`/${TOOL}`, { method: 'PUT', body: UNREAD });
      const own = await rest(`/${TOOL}?connection_name=gmail-work`, { method: 'PUT', body: { pre: [{ op: 'set', path: 'max_results', value: 3 }] } });
      expect(own.status).toBe(200);
      expect(own.json).toMatchObject({ connection_name: 'gmail-work', pre: [{ op: 'set', path: 'max_results', value: 3 }] });
      expect((await rest(`/${TOOL}?connection_name=gmail-work`)).json.id).toBe(own.json.id);
      expect((await rest(`/${TOOL}?connection_name=gmail`)).status).toBe(404);

      const gmailId = (await dev.db.selectFrom('connections').select('id').where('connection_name', '=', 'gmail').executeTakeFirstOrThrow()).id;
      expect(await pre(gmailId, { query: 'a' })).toEqual({ query: 'a is:unread' });
      expect(await pre(workId, { query: 'a' })).toEqual({ query: 'a', max_results: 3 });

      const list = await rest('');
      expect(list.status).toBe(200);
      expect(list.json.total_size).toBe(2);
      expect(list.json.modifiers.map((m: { connection_name: string | null }) => m.connection_name)).toEqual([null, 'gmail-work']);
      const first = await rest('?page_size=1');
      expect(first.json.modifiers).toHaveLength(1);
      const second = await rest(`?page_size=1&page_token=${first.json.next_page_token}`);
      expect(second.json.modifiers[0].connection_name).toBe('gmail-work');
      expect(second.json.next_page_token).toBe('');
      expect((await rest('?tool_name=gmail_send_email')).json).toEqual({ modifiers: [], next_page_token: '', total_size: 0 });

      await rest(`/${TOOL}?connection_name=gmail-work`, { method: 'DELETE' });
      expect(await pre(workId, { query: 'a' })).toEqual({ query: 'a is:unread' });
      await rest(`/${TOOL}`, { method: 'DELETE' });
    });

    it('refuses unknown tools, connections of another provider or none, and invalid rules, naming the field and storing nothing', async () => {
      const cases: Array<[string, unknown, number, string]> = [
        ['/gmail_fetch_mail', UNREAD, 404, "tool 'gmail_fetch_mail' was not found in this environment"],
        ['/Gmail-Fetch', UNREAD, 400, "tool_name 'Gmail-Fetch' is not a tool name (lowercase letters, digits and _, such as gmail_fetch_mails, or an MCP connector's c-<connection>_<tool>)"],
        [`/${TOOL}?connection_name=outlook`, UNREAD, 404, "connection 'outlook' was not found in this environment"],
        [`/${TOOL}?connection_name=slack`, UNREAD, 400, "connection_name 'slack' is a slack connection; gmail_fetch_mails runs on gmail connections"],
        [`/${TOOL}?connection=gmail`, UNREAD, 400, 'connection is not a recognised query parameter (use connection_name)'],
        [`/${TOOL}`, { pre: [{ op: 'prepend', path: 'query', value: 'x' }] }, 400, 'pre[0].op must be one of set, default, append'],
        [`/${TOOL}`, { pre: [{ op: 'set', path: 'q', value: 'x' }] }, 400, "pre[0].path names 'q', which is not an input parameter of gmail_fetch_mails (there: query, max_results, cursor, include_spam_trash)"],
        [`/${TOOL}`, { pre: [{ op: 'set', path: 'max_results', value: 500 }] }, 400, "pre[0].value must be <= 25 (as gmail_fetch_mails's max_results)"],
        [`/${TOOL}`, { post: { keep: ['messages.subject'] } }, 400, "post.keep[0] names 'messages.subject', but messages is a list: write messages[] to reach into its items"],
        [`/${TOOL}`, { ...UNREAD, tool_name: 'gmail_send_email' }, 400, "tool_name in the body ('gmail_send_email') differs from the one in the path ('gmail_fetch_mails')"],
        [`/${TOOL}`, { ...UNREAD, connection_name: 'gmail' }, 400, 'connection_name in the body differs from the connection_name query parameter; give the scope in the query (none = every connection)'],
        [`/${TOOL}`, {}, 400, 'body has no rule: give pre rules, a post rule, or both (to remove a modifier, DELETE it)'],
      ];
      for (const [p, body, status, message] of cases) {
        const res = await rest(p, { method: 'PUT', body });
        expect({ p, status: res.status, message: res.json.message }).toEqual({ p, status, message });
      }
      const res = await rest(`/${TOOL}`, { method: 'PUT', body: { pre: [{ op: 'x', path: 'query', value: 1 }], post: { max_string_length: 'long' } } });
      expect(res.json.details[0].validation_error_info.field_violations).toEqual([
        { field: 'pre[0].op', description: 'must be one of set, default, append' },
        { field: 'post.max_string_length', description: 'must be an integer or null' },
      ]);
      expect((await rest('?page_size=1000')).json.message).toBe('page_size must be at most 100');
      expect(await rowCount()).toBe(0);
    });

    it('a rule whose tool left the catalog can still be read and deleted; an unknown tool without one is TOOL_NOT_FOUND', async () => {
      await upsertModifierRow(dev.db, dev.envId, 'retired_tool', null, { pre: [], post: { keep: null, drop: [], max_string_length: 10, max_array_items: null } });
      expect((await rest('/retired_tool')).json).toMatchObject({ tool_name: 'retired_tool', post: { max_string_length: 10 } });
      expect((await rest('/retired_tool', { method: 'PUT', body: UNREAD })).json.details[0].error_code).toBe('TOOL_NOT_FOUND');
      expect((await rest('/retired_tool', { method: 'DELETE' })).status).toBe(200);
      const gone = await rest('/retired_tool');
      expect(gone.status).toBe(404);
      expect(gone.json.details[0].error_code).toBe('TOOL_NOT_FOUND');
      expect(await rowCount()).toBe(0);
    });

    it("is scoped to the token's environment, and a connection's rules go with the connection", async () => {
      await rest(`/${TOOL}?connection_name=gmail-work`, { method: 'PUT', body: UNREAD });
      expect((await rest('', { token: prod.token })).json.total_size).toBe(0);
      expect((await rest(`/${TOOL}?connection_name=gmail-work`, { token: prod.token })).json.message).toBe("connection 'gmail-work' was not found in this environment");
      expect(await applyPreModifiers(dev.db, prod.envId, TOOL, workId, { query: 'a' })).toEqual({ query: 'a' });

      const del = await restCall(`${dev.server.url}/api/v1/connections/${workId}`, { method: 'DELETE', token: dev.token });
      expect(del.status).toBe(200);
      expect(await rowCount()).toBe(0);
    });

    it('`latchkey tools modifiers set|show|list|delete` manage the rules of the named environment', async () => {
      const file = path.join(dir, 'rule.json');
      fs.writeFileSync(file, JSON.stringify({ pre: [{ op: 'default', path: 'max_results', value: 5 }], post: { drop: ['messages[].body'] } }));
      expect((await cli('tools', 'modifiers', 'list', '--env', 'production')).stdout).toBe(
        'no tool modifiers in production; add one with: npx latchkey tools modifiers set --env production --tool <name> --file rule.json\n',
      );

      const set = await cli('tools', 'modifiers', 'set', '--env', 'production', '--tool', TOOL, '--file', file);
      expect(set.stderr).toBe('');
      expect(set.code).toBe(0);
      expect(set.stdout).toMatch(/^modifier set for gmail_fetch_mails in production \(every connection without its own rule\):\n\{/);
      expect(set.stdout.endsWith('Running servers pick the change up within 5 seconds.\n')).toBe(true);
      const stored = await rest(`/${TOOL}`, { token: prod.token });
      expect(stored.json).toMatchObject({ pre: [{ op: 'default', path: 'max_results', value: 5 }], post: { ...NO_POST, drop: ['messages[].body'] } });
      expect((await rest(`/${TOOL}`)).status).toBe(404);

      const show = await cli('tools', 'modifiers', 'show', '--env', 'production', '--tool', TOOL);
      expect(show.code).toBe(0);
      expect(JSON.parse(show.stdout)).toEqual(stored.json);
      // What show prints is a valid --file (and PUT body).
      expect((await rest(`/${TOOL}`, { method: 'PUT', body: JSON.parse(show.stdout), token: prod.token })).status).toBe(200);

      expect((await cli('tools', 'modifiers', 'list', '--env', 'production')).stdout).toBe('gmail_fetch_mails\t*\tdefault max_results, drop 1 field(s)\n');

      fs.writeFileSync(file, JSON.stringify({ pre: [{ op: 'append', path: 'max_results', value: 1 }] }));
      const bad = await cli('tools', 'modifiers', 'set', '--env', 'production', '--tool', TOOL, '--file', file);
      expect(bad.code).toBe(2);
      expect(bad.stderr).toBe('latchkey: pre[0].op append joins strings and extends lists, but max_results is integer: use set or default\n');

      const del = await cli('tools', 'modifiers', 'delete', '--env', 'production', '--tool', TOOL);
      expect(del.code).toBe(0);
      expect(del.stdout).toBe('modifier deleted for gmail_fetch_mails in production (every connection without its own rule)\nRunning servers pick the change up within 5 seconds.\n');
      expect((await rest(`/${TOOL}`, { token: prod.token })).status).toBe(404);
      const usage = await cli('tools', 'modifiers', 'set', '--env', 'production', '--tool', TOOL);
      expect(usage.code).toBe(2);
      expect(usage.stderr).toMatch(/^latchkey: tools modifiers set needs --env <name>, --tool <tool name> and --file rule.json\n/);
    }, 240_000);
  });
}
