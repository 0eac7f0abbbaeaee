import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/test-server.js';
import { restCall, startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, customProvider, oauthCredentials } from '../helpers/agent-auth-fixtures.js';
import { runCli } from '../helpers/run-cli.js';
import { secret } from '../helpers/test-utils.js';
import { startOpenApiFake, type OpenApiFake } from '../fakes/openapi-fake.js';

const fixturePath = (name: string) => new URL(`../fixtures/openapi/${name}`, import.meta.url);
const PETSTORE = fs.readFileSync(fixturePath('petstore.yaml'), 'utf8');
const GITHUB = fs.readFileSync(fixturePath('github-issues-repos.json'), 'utf8');
const IMPORT = '/api/v1/agent-auth/tools/import-openapi';
const PET_TOOLS = ['petstore_add_pet', 'petstore_update_pet', 'petstore_find_pets_by_status', 'petstore_find_pets_by_tags', 'petstore_get_pet_by_id', 'petstore_update_pet_with_form', 'petstore_delete_pet', 'petstore_upload_file'];

for (const dialect of DIALECTS) {
  describe(`importing an OpenAPI document as tools, then running them through the server (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    let pets: OpenApiFake;
    let github: OpenApiFake;
    let cliEnv: Record<string, string>;
    const token = secret('openapi-account-token');
    const rest = (body: unknown, t: string | null = env.token) => restCall(env.server.url + IMPORT, { method: 'POST', token: t, body });
    const rows = () => env.db.selectFrom('custom_tools').select(['name', 'tool_version', 'kind', 'connection_id']).where('environment_id', '=', env.envId).orderBy('name').execute();

    beforeAll(async () => {
      pets = await startOpenApiFake(PETSTORE, { basePath: '/v3' });
      github = await startOpenApiFake(GITHUB);
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'] });
      // A custom provider for the Petstore, its base URL holding the document's server path (/v3).
      await customProvider(env.db, env.envId, 'petstore_api', { type: 'BEARER', fields: [{ field_name: 'token', label: 'Token', input_type: 'password', required: true }] }, `${pets.url}/v3`);
      await connectionWithAccount(env, { providerKey: 'petstore_api', connectionName: 'petstore', authType: 'BEARER', identifier: 'user_1', credentials: { kind: 'static', fields: { token } } });
      // The built-in github provider, its connection aimed at the fake.
      await connectionWithAccount(env, { providerKey: 'github', connectionName: 'gh-fake', authType: 'OAUTH', identifier: 'user_1', credentials: oauthCredentials({ access_token: token }), proxyUrl: github.url });
      cliEnv = {
        DATA_DIR: env.server.dataDir,
        PUBLIC_URL: env.server.core.config.publicUrl,
        LOG_LEVEL: 'error',
        ...(env.server.core.config.databaseUrl ? { DATABASE_URL: env.server.core.config.databaseUrl } : {}),
      };
    });
    afterAll(async () => {
      await env?.server.close();
      await pets?.close();
      await github?.close();
    });

    it('a dry run reports the tools it would register and registers none', async () => {
      const res = await rest({ connection_name: 'petstore', document: PETSTORE, tags: ['pet'], prefix: 'petstore', dry_run: true });
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ connection_name: 'petstore', provider: 'petstore_api', dry_run: true, skipped: [] });
      expect(res.json.tools.map((t: { name: string }) => t.name)).toEqual(PET_TOOLS);
      expect(res.json.tools.every((t: { id: unknown }) => t.id === null)).toBe(true);
      expect(res.json.tools[0].definition.provider).toBe('petstore_api');
      expect(await rows()).toEqual([]);
    });

    it('registers one declarative tool per operation on the connection, and the SDK runs them through the proxy with the account\'s credential', async () => {
      const res = await rest({ connection_name: 'petstore', document: PETSTORE, tags: ['pet'], prefix: 'petstore' });
      expect(res.status).toBe(200);
      expect(res.json.tools.map((t: { id: string; tool_version: string }) => [t.id.slice(0, 4), t.tool_version])).toEqual(PET_TOOLS.map(() => ['tol_', '1.0.0']));
      const stored = await rows();
      expect(stored.map((r) => r.name)).toEqual([...PET_TOOLS].sort());
      expect(new Set(stored.map((r) => r.kind))).toEqual(new Set(['declarative']));
      expect(stored.every((r) => r.connection_id !== null)).toBe(true);

      pets.answer('getPetById', 200, { id: 10, name: 'doggie', photoUrls: [], status: 'sold', secret_field: 'not for the model' });
      const got = await env.sdk.actions.executeTool({ toolName: 'petstore_get_pet_by_id', identifier: 'user_1', toolInput: { petId: 10 } });
      expect(got.data).toEqual({ id: 10, name: 'doggie', photoUrls: [], status: 'sold' });
      expect(pets.last()).toMatchObject({ operationId: 'getPetById', method: 'GET', path: '/v3/pet/10', query: {}, body: undefined });
      expect(pets.last().headers.authorization).toBe(`Bearer ${token}`);

      pets.answer('findPetsByTags', 200, [{ id: 1, name: 'a', photoUrls: [] }]);
      const found = await env.sdk.actions.executeTool({ toolName: 'petstore_find_pets_by_tags', identifier: 'user_1', toolInput: { tags: ['x', 'y'] } });
      expect(found.data).toEqual({ result: [{ id: 1, name: 'a', photoUrls: [] }] });
      expect(pets.last()).toMatchObject({ method: 'GET', path: '/v3/pet/findByTags', query: { tags: ['x', 'y'] } });

      pets.answer('addPet', 200, { id: 11, name: 'rex', photoUrls: ['u'] });
      await env.sdk.actions.executeTool({ toolName: 'petstore_add_pet', identifier: 'user_1', toolInput: { name: 'rex', photoUrls: ['u'], tags: [{ id: 1, name: 'good' }] } });
      expect(pets.last()).toMatchObject({ method: 'POST', path: '/v3/pet', body: { name: 'rex', photoUrls: ['u'], tags: [{ id: 1, name: 'good' }] } });
      expect(pets.last().headers['content-type']).toBe('application/json');
    });

    it('importing again registers nothing new and says why per tool', async () => {
      const res = await rest({ connection_name: 'petstore', document: PETSTORE, operation_ids: ['getPetById'], prefix: 'petstore' });
      expect(res.status).toBe(200);
      expect(res.json.tools).toEqual([]);
      expect(res.json.skipped).toEqual([{ operation: 'getPetById', reason: expect.stringContaining('petstore_get_pet_by_id was not registered: tool \'petstore_get_pet_by_id\' already has version 1.0.0') }]);
    });

    it('refuses bad requests with 400 naming the field, an unknown connection with 404, no token with 401', async () => {
      const empty = await rest({ tags: 'pet', dry: true });
      expect(empty.status, empty.text).toBe(400);
      expect(empty.json.details[0].validation_error_info.field_violations.map((v: { field: string }) => v.field)).toEqual(['dry', 'connection_name', 'document', 'tags']);
      const unknown = await rest({ connection_name: 'nope', document: PETSTORE });
      expect(unknown.status).toBe(404);
      expect(unknown.json.message).toContain("connection 'nope' was not found");
      const badTag = await rest({ connection_name: 'petstore', document: PETSTORE, tags: ['pets'] });
      expect(badTag.status).toBe(400);
      expect(badTag.json.message).toBe('tags names no tag of the document: pets (it has pet, store, user)');
      const swagger = await rest({ connection_name: 'petstore', document: { swagger: '2.0', paths: {} } });
      expect(swagger.status).toBe(400);
      expect(swagger.json.message).toContain('document.swagger is 2.0');
      expect((await rest({ connection_name: 'petstore', document: PETSTORE }, null)).status).toBe(401);
    });

    it('the CLI imports from a file (dry run first), and the SDK runs an imported GitHub tool against the fake', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-openapi-'));
      const file = path.join(dir, 'api.github.com.json');
      fs.writeFileSync(file, GITHUB);
      const dry = await runCli(['tools', 'import-openapi', '--connection', 'gh-fake', '--file', file, '--operation', 'issues/create', '--operation', 'issues/get', '--prefix', 'gh', '--dry-run'], cliEnv);
      expect(dry.stderr).toBe('');
      expect(dry.code).toBe(0);
      expect(dry.stdout).toMatch(/^would register 2 tool\(s\) on connection gh-fake \(github\) in development:\n {2}gh_issues_create {2}← issues\/create\n/);
      expect((await rows()).filter((r) => r.name.startsWith('gh_'))).toEqual([]);

      const real = await runCli(['tools', 'import-openapi', '--connection', 'gh-fake', '--file', file, '--tag', 'issues', '--prefix', 'gh'], cliEnv);
      expect(real.code).toBe(0);
      expect(real.stdout).toContain('registered 7 tool(s) on connection gh-fake (github) in development:');
      expect(real.stdout).toContain('  gh_issues_create@1.0.0  ← issues/create');
      expect((await rows()).filter((r) => r.name.startsWith('gh_')).map((r) => r.name)).toHaveLength(7);

      const input = { owner: 'octocat', repo: 'Hello-World', title: 'Found a bug', labels: ['bug'] };
      const created = await env.sdk.actions.executeTool({ toolName: 'gh_issues_create', identifier: 'user_1', toolInput: input });
      expect(created.data).toMatchObject({ number: 1347, html_url: 'https://github.com/octocat/Hello-World/issues/1347' });
      expect(github.last()).toMatchObject({ operationId: 'issues/create', method: 'POST', path: '/repos/octocat/Hello-World/issues', body: { title: 'Found a bug', labels: ['bug'] } });
      expect(github.last().headers.authorization).toBe(`Bearer ${token}`);

      const missing = await runCli(['tools', 'import-openapi', '--file', file], cliEnv);
      expect(missing.code).toBe(2);
      expect(missing.stderr).toContain('tools import-openapi needs --connection <name> and --file');
    });
  });
}
