import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectError, Code } from '@connectrpc/connect';
import { ToolService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/tools/tools_pb.js';
import { DIALECTS } from '../helpers/test-server.js';
import { environmentAccess, grpcClient, restCall, startAgentAuthEnv, type AgentAuthEnv, type EnvironmentAccess } from '../helpers/agent-auth-env.js';
import { runCli } from '../helpers/run-cli.js';
import { rejectionOf } from '../helpers/test-utils.js';
import { PROXY_TOOL_EXAMPLES, proxyToolsExample } from '../fixtures/docs/published-docs.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { createOrganization } from '../../src/modules/organizations/organizations.js';
import { readToolModule } from '../../src/modules/tools/sandbox/index.js';

const SEED_PATH = '/v1/connect/tools/custom';
/** The seed's five example tools as its JavaScript defines them, implementation as source text. */
const examples = () => PROXY_TOOL_EXAMPLES.map((h) => readToolModule(proxyToolsExample(h)));
const welcome = () => examples()[0];

/** A small valid code tool, `over` replacing fields. */
const codeTool = (over: Record<string, unknown> = {}) => ({
  name: 'echo_greeting',
  display_name: 'Echo greeting',
  description: 'Greets someone by name.',
  category: 'test',
  provider: 'custom',
  input_schema: { type: 'object', properties: { who: { type: 'string' } }, required: ['who'] },
  output_schema: { type: 'object', properties: { greeting: { type: 'string' } } },
  implementation: 'async (parameters, context) => ({ greeting: `hello ${parameters.who}` })',
  ...over,
});

for (const dialect of DIALECTS) {
  describe(`custom tools: registering, versions, RPCs and CLI (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    let prod: EnvironmentAccess;
    let orgId: string;
    let cliEnv: Record<string, string>;
    let dir: string;
    const rest = (p: string, init: { method?: string; body?: unknown; token?: string | null } = {}) =>
      restCall(env.server.url + p, { ...init, token: init.token === undefined ? env.token : init.token });
    const rows = () => env.db.selectFrom('custom_tools').selectAll().where('environment_id', '=', env.envId).orderBy('name').orderBy('tool_version').execute();
    const grpc = () => grpcClient(ToolService, env.server.url, () => env.token);
    const cli = (...args: string[]) => runCli(args, cliEnv);

    beforeAll(async () => {
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl });
      prod = await environmentAccess(env.server, 'production');
      orgId = (await createOrganization(env.db, env.envId, { displayName: 'Acme' })).id;
      await createConnection(env.db, env.vault, env.envId, { providerKey: 'github', connectionName: 'github' });
      await createConnection(env.db, env.vault, env.envId, { providerKey: 'slack', connectionName: 'slack' });
      cliEnv = {
        DATA_DIR: env.server.dataDir,
        PUBLIC_URL: env.server.core.config.publicUrl,
        LOG_LEVEL: 'error',
        ...(env.server.core.config.databaseUrl ? { DATABASE_URL: env.server.core.config.databaseUrl } : {}),
      };
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-custom-tools-'));
    });
    afterAll(async () => {
      await env?.server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });

    it("registers the seed's five example tools with its REST call as written: Bearer <client secret>, implementation as source text", async () => {
      for (const [i, tool] of examples().entries()) {
        // The seed's JavaScript registers the welcome email with organization_id; the curl sends the body alone.
        const body = i === 0 ? { ...tool, organization_id: orgId } : tool;
        const res = await rest(SEED_PATH, { method: 'POST', body, token: env.client.clientSecret });
        expect(res.status, res.text).toBe(201);
        expect(res.json).toMatchObject({
          name: tool.name, display_name: tool.display_name, provider: 'custom', kind: 'code', tool_version: '1.0.0', schema_version: '1.0.0',
          is_default: true, deprecated: false, implementation: tool.implementation, input_schema: tool.input_schema, organization_id: i === 0 ? orgId : null,
        });
        expect(res.json.id).toMatch(/^tol_[0-9a-z]{20,}$/);
      }
      const stored = await rows();
      expect(stored.map((r) => r.name)).toEqual(['create_project_workflow', 'generate_team_report', 'schedule_team_meeting', 'send_slack_notification', 'send_welcome_email']);
      expect(stored.find((r) => r.name === 'send_welcome_email')!.implementation).toBe(welcome().implementation);
      // The same tools through an access token, and they belong to this environment only.
      const list = await rest(SEED_PATH);
      expect(list.json.tools.map((t: { name: string }) => t.name)).toEqual(stored.map((r) => r.name));
      expect((await rest(SEED_PATH, { token: prod.token })).json).toEqual({ tools: [] });
      expect((await rest(SEED_PATH, { token: prod.client.clientSecret })).json).toEqual({ tools: [] });
    });

    it('refuses bad definitions naming the path, and stores nothing', async () => {
      const before = (await rows()).length;
      const cases: Array<[unknown, number, string]> = [
        [codeTool({ name: 'Echo-Greeting' }), 400, 'name must be 3 to 64 characters: a lowercase letter, then lowercase letters, digits or _ (such as send_welcome_email)'],
        [codeTool({ name: 'gmail_send_email' }), 409, "name 'gmail_send_email' is a built-in tool; pick another name for a custom tool"],
        [welcome(), 409, "tool 'send_welcome_email' already has version 1.0.0; register a new version (tool_version) or update this one (UpdateTool)"],
        [codeTool({ input_schema: { type: 'object', properties: { who: { type: 'strin' } } } }), 400, 'input_schema.properties.who.type is not valid JSON Schema'],
        [codeTool({ output_schema: { type: 'object', properties: { n: { minimum: 'one' } } } }), 400, 'output_schema.properties.n.minimum is not valid JSON Schema: must be number'],
        [codeTool({ input_schema: { type: 'array' } }), 400, "input_schema.type must be 'object': a tool takes named parameters"],
        [codeTool({ input_schema: { type: 'object', properties: { a: { $ref: '#/$defs/missing' } } } }), 400, 'input_schema does not compile as JSON Schema 2020-12'],
        [codeTool({ implementation: 'async (parameters, context) => {' }), 400, 'implementation does not compile: SyntaxError'],
        [codeTool({ implementation: '42' }), 400, 'implementation must be a function expression such as async (parameters, context) => { … }, not a number'],
        [codeTool({ implementation: 7 }), 400, "implementation must be the function's source text (a code tool) or a request template object (a declarative tool)"],
        [codeTool({ provider: 'github' }), 400, "provider must be 'custom' for a code tool"],
        [codeTool({ provider: 'github', implementation: { method: 'GET' } }), 400, "implementation.path is required"],
        [codeTool({ provider: 'nosuch', implementation: { method: 'GET', path: '/x' } }), 404, "provider names provider 'nosuch', which was not found in this environment"],
        [codeTool({ organization_id: 'org_missing' }), 404, "organization_id names organization 'org_missing', which was not found in this environment"],
        [codeTool({ connection_name: 'nosuch' }), 404, "connection_name names connection 'nosuch', which was not found in this environment"],
        [codeTool({ provider: 'github', connection_name: 'slack', implementation: { method: 'GET', path: '/user' } }), 400, "connection_name 'slack' is a slack connection; this tool's requests go to github"],
        [codeTool({ version: '1.0', colour: 'red' }), 400, 'colour is not a recognised field of a custom tool; version must be a semantic version such as 1.0.0 or 2.1.0-beta.1'],
        [codeTool({ version: '1.0.0', tool_version: '2.0.0' }), 400, "tool_version differs from version ('1.0.0'); give one of them"],
        [[], 400, 'body must be a JSON object'],
      ];
      for (const [body, status, message] of cases) {
        const res = await rest(SEED_PATH, { method: 'POST', body, token: env.client.clientSecret });
        expect([res.status, res.json.message], JSON.stringify(body).slice(0, 120)).toEqual([status, expect.stringContaining(message)]);
        if (status === 400) expect(res.json.details.some((d: { validation_error_info?: unknown }) => d.validation_error_info)).toBe(true);
      }
      expect((await rows()).length).toBe(before);
    });

    it('authenticates by access token or raw client secret only: a wrong secret is 401, then the address is held off (429); no secret is logged', async () => {
      const ok = await rest(SEED_PATH, { method: 'POST', body: codeTool({ name: 'token_registered' }) });
      expect(ok.status).toBe(201);
      expect((await rest(SEED_PATH, { token: null })).status).toBe(401);
      const wrong = `lk_sec_${'A'.repeat(43)}`;
      const refused = await rest(SEED_PATH, { token: wrong });
      expect([refused.status, refused.json.details[0].error_code]).toEqual([401, 'CLIENT_SECRET_INVALID']);
      // Not in the secret's shape: treated as an access token, and refused as one.
      expect((await rest(SEED_PATH, { token: 'lk_sec_short' })).json.details[0].error_code).toMatch(/^TOKEN_/);
      for (let i = 0; i < 9; i++) expect((await rest(SEED_PATH, { token: wrong })).status).toBe(401);
      const held = await rest(SEED_PATH, { token: env.client.clientSecret });
      expect(held.status).toBe(429);
      expect(held.json.message).toMatch(/^too many failed client secret authentications from this address; retry in \d+ s$/);
      // Access tokens are not held off.
      expect((await rest(SEED_PATH)).status).toBe(200);
      const logs = env.server.logs.join('\n');
      expect(logs).not.toContain(env.client.clientSecret);
      expect(logs).not.toContain(wrong);
      await rest(`${SEED_PATH}/token_registered`, { method: 'DELETE' });
    });

    it('versions: a new version becomes the default unless is_default is false; default, deprecate and delete by REST', async () => {
      const v1 = await rest(SEED_PATH, { method: 'POST', body: codeTool({ name: 'versioned_tool' }) });
      const v2 = await rest(SEED_PATH, { method: 'POST', body: codeTool({ name: 'versioned_tool', version: '2.0.0', schema_version: '2.0.0' }) });
      const v3 = await rest(SEED_PATH, { method: 'POST', body: codeTool({ name: 'versioned_tool', tool_version: '3.0.0-beta.1', is_default: false }) });
      expect([v1.status, v2.status, v3.status]).toEqual([201, 201, 201]);
      const versions = async () => (await rest(`${SEED_PATH}/versioned_tool`)).json;
      expect(await versions()).toMatchObject({ name: 'versioned_tool', default_version: '2.0.0' });
      expect((await versions()).versions.map((v: any) => [v.tool_version, v.schema_version, v.is_default])).toEqual([
        ['1.0.0', '1.0.0', false], ['2.0.0', '2.0.0', true], ['3.0.0-beta.1', '1.0.0', false],
      ]);
      // The seed's deprecate(name, version): flagged, still there.
      const dep = await rest(`${SEED_PATH}/versioned_tool/versions/1.0.0/deprecate`, { method: 'POST' });
      expect(dep.json).toMatchObject({ tool_version: '1.0.0', deprecated: true, deprecated_at: expect.any(String) });
      expect((await rest(`${SEED_PATH}/versioned_tool/versions/9.9.9/deprecate`, { method: 'POST' })).json.message).toBe(
        "tool 'versioned_tool' has no version 9.9.9 (it has 1.0.0, 2.0.0, 3.0.0-beta.1)",
      );
      const def = await rest(`${SEED_PATH}/versioned_tool/versions/3.0.0-beta.1/default`, { method: 'POST' });
      expect(def.json).toMatchObject({ tool_version: '3.0.0-beta.1', is_default: true });
      expect((await versions()).default_version).toBe('3.0.0-beta.1');
      const inUse = await rest(`${SEED_PATH}/versioned_tool/versions/3.0.0-beta.1`, { method: 'DELETE' });
      expect([inUse.status, inUse.json.details[0].error_code]).toEqual([400, 'TOOL_VERSION_IS_DEFAULT']);
      expect(inUse.json.message).toContain('make another version the default first');
      expect((await rest(`${SEED_PATH}/versioned_tool/versions/1.0.0`, { method: 'DELETE' })).status).toBe(200);
      // Edit a version in place: GET's answer, changed, PUT back.
      const current = (await versions()).versions.find((v: any) => v.tool_version === '2.0.0');
      const put = await rest(`${SEED_PATH}/versioned_tool/versions/2.0.0`, { method: 'PUT', body: { ...current, description: 'Greets, again.' } });
      expect(put.status, put.text).toBe(200);
      expect(put.json).toMatchObject({ id: current.id, description: 'Greets, again.', tool_version: '2.0.0', schema_version: '2.0.0', is_default: false });
      expect((await rest(`${SEED_PATH}/versioned_tool`, { method: 'DELETE' })).status).toBe(200);
      expect((await rest(`${SEED_PATH}/versioned_tool`)).status).toBe(404);
      expect((await rows()).filter((r) => r.name === 'versioned_tool')).toEqual([]);
    });

    it("CreateTool, UpdateTool, SetToolDefault and DeleteTool over gRPC, with the SDK's own descriptors", async () => {
      const definition = codeTool({ name: 'grpc_tool' });
      const created = (await grpc().createTool({ tool: { provider: 'CUSTOM', definition, metadata: { tool_version: '1.0.0', team: 'core' }, tags: ['demo'] } })).tool!;
      expect(created.id).toMatch(/^tol_/);
      expect(created).toMatchObject({ provider: 'CUSTOM', tags: ['demo'], isDefault: true });
      expect(created.definition).toEqual({ name: 'grpc_tool', display_name: 'Echo greeting', description: 'Greets someone by name.', category: 'test', provider: 'custom', input_schema: definition.input_schema, output_schema: definition.output_schema });
      expect(created.metadata).toMatchObject({ team: 'core', version: '1.0.0', tool_version: '1.0.0', schema_version: '1.0.0', kind: 'code', custom: true, deprecated: false });
      const second = (await grpc().createTool({ tool: { definition: { ...definition, version: '1.1.0' }, isDefault: false } })).tool!;
      expect(second.isDefault).toBe(false);

      const updated = (await grpc().updateTool({ tool: { id: second.id, definition: { ...definition, description: 'Greets warmly.' } } })).tool!;
      expect(updated).toMatchObject({ id: second.id, definition: { description: 'Greets warmly.' }, metadata: { tool_version: '1.1.0' } });
      const renamed = await rejectionOf(grpc().updateTool({ tool: { id: second.id, definition: { ...definition, name: 'other_name' } } }), ConnectError);
      expect([renamed.code, renamed.rawMessage]).toEqual([Code.InvalidArgument, `name is 'grpc_tool' for ${second.id}; a tool cannot be renamed (register a new tool)`]);

      const def = (await grpc().setToolDefault({ name: 'grpc_tool', toolVersion: '1.1.0', schemaVersion: '1.0.0' })).tool!;
      expect(def).toMatchObject({ id: second.id, isDefault: true });
      const wrongSchema = await rejectionOf(grpc().setToolDefault({ name: 'grpc_tool', toolVersion: '1.1.0', schemaVersion: '9.0.0' }), ConnectError);
      expect(wrongSchema.rawMessage).toBe('schema_version is 1.0.0 for grpc_tool 1.1.0, not 9.0.0');
      const builtin = await rejectionOf(grpc().setToolDefault({ name: 'gmail_send_email', toolVersion: '1.0.0' }), ConnectError);
      expect(builtin.code).toBe(Code.FailedPrecondition);

      const isDefault = await rejectionOf(grpc().deleteTool({ id: second.id }), ConnectError);
      expect(isDefault.code).toBe(Code.FailedPrecondition);
      await grpc().deleteTool({ id: created.id });
      await grpc().deleteTool({ id: second.id });
      expect((await rejectionOf(grpc().deleteTool({ id: second.id }), ConnectError)).code).toBe(Code.NotFound);
      const missing = await rejectionOf(grpc().createTool({ tool: { provider: 'CUSTOM' } }), ConnectError);
      expect(missing.rawMessage).toContain('tool.definition is required');
      expect((await rows()).filter((r) => r.name === 'grpc_tool')).toEqual([]);
    });

    it('CLI: tools create --file tool.json|tool.js, versions, set-default, deprecate, delete', async () => {
      const json = path.join(dir, 'tool.json');
      fs.writeFileSync(json, JSON.stringify(codeTool({ name: 'cli_tool' })));
      const js = path.join(dir, 'tool.js');
      // The seed's shape with a real function, and version 2.0.0 as its "Version management" does.
      fs.writeFileSync(js, `const cliTool = {\n  ...${JSON.stringify({ ...codeTool({ name: 'cli_tool' }), implementation: undefined })},\n  version: '2.0.0',\n  implementation: async (parameters, context) => ({ greeting: 'v2 ' + parameters.who }),\n};\n`);
      const first = await cli('tools', 'create', '--env', 'development', '--file', json, '--organization', orgId);
      expect(first.stderr).toBe('');
      expect(first.stdout).toMatch(new RegExp(`^registered cli_tool 1\\.0\\.0 \\(tol_\\w+\\) in development, the default version; scoped to organization ${orgId}\\n`));
      const second = await cli('tools', 'create', '--file', js, '--connection', 'github');
      expect(second.stdout).toMatch(/^registered cli_tool 2\.0\.0 \(tol_\w+\) in development, the default version; scoped to connection github\n/);
      const stored = (await rows()).filter((r) => r.name === 'cli_tool');
      expect(stored.map((r) => [r.tool_version, r.is_default, r.organization_id])).toEqual([['1.0.0', 0, orgId], ['2.0.0', 1, null]]);
      expect(stored[1].implementation).toBe("async (parameters, context) => ({ greeting: 'v2 ' + parameters.who })");

      expect((await cli('tools', 'set-default', 'cli_tool', '1.0.0', '--env', 'development')).stdout).toContain('cli_tool 1.0.0 is now the default version in development');
      expect((await cli('tools', 'deprecate', 'cli_tool', '2.0.0', '--env', 'development')).stdout).toContain('cli_tool 2.0.0 is deprecated in development');
      const versions = (await cli('tools', 'versions', 'cli_tool')).stdout.trim().split('\n');
      expect(versions.map((l) => l.split('\t').slice(0, 5))).toEqual([
        ['1.0.0', 'schema 1.0.0', 'default', '-', 'code'],
        ['2.0.0', 'schema 1.0.0', '-', 'deprecated', 'code'],
      ]);
      const refused = await cli('tools', 'delete', 'cli_tool', '--version', '1.0.0', '--env', 'development');
      expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining('version 1.0.0 is the default of tool')]);
      expect((await cli('tools', 'delete', 'cli_tool', '--env', 'development')).stdout).toContain('deleted cli_tool 1.0.0, 2.0.0 from development');
      expect((await rows()).filter((r) => r.name === 'cli_tool')).toEqual([]);
      // Each CLI run starts a process that compiles the sources: seconds apiece on a busy machine.
    }, 240_000);
  });
}
