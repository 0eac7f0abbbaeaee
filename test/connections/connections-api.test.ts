import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Code, ConnectError, type Client } from '@connectrpc/connect';
import type { ScalekitClient } from '@scalekit-sdk/node';
import { ConnectionService, ConnectionStatus, ConnectionType } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { envIdOf, environmentAccess, grpcClient, restCall } from '../helpers/agent-auth-env.js';
import { rejectionOf } from '../helpers/test-utils.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { readConnectionSecret } from '../../src/modules/connections/connection-secret.js';
import { connectionDeletionGuards } from '../../src/modules/connections/deletion-guards.js';

const newSecret = () => `sec-${randomBytes(18).toString('hex')}`;

const rejection = (p: Promise<unknown>) => rejectionOf(p, ConnectError);

for (const dialect of DIALECTS) {
  describe(`app connections (${dialect.name})`, () => {
    let server: TestServer;
    let token: string;
    let prodToken: string;
    let grpc: Client<typeof ConnectionService>;
    let prodGrpc: Client<typeof ConnectionService>;
    let sdk: ScalekitClient;
    /** Every REST response body, to prove no secret ever leaves the server. */
    const bodies: string[] = [];
    const secrets: string[] = [];

    async function rest(path: string, init: { method?: string; body?: unknown; token?: string } = {}) {
      const res = await restCall(server.url + path, { ...init, token: init.token ?? token });
      bodies.push(res.text);
      return res;
    }

    const devEnvId = () => envIdOf(server.core.storage.db);
    const row = (id: string) => server.core.storage.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      ({ token, sdk } = await environmentAccess(server, 'development'));
      prodToken = (await environmentAccess(server, 'production')).token;
      grpc = grpcClient(ConnectionService, server.url, () => token);
      prodGrpc = grpcClient(ConnectionService, server.url, () => prodToken);
    });
    afterAll(async () => server?.close());

    it('creates over gRPC: defaults to the first auth pattern, the provider key as name, required scopes, status DRAFT', async () => {
      const res = await grpc.createEnvironmentConnection({ connection: { providerKey: 'gmail', type: ConnectionType.OAUTH, keyId: 'GMAIL-test' } });
      const c = res.connection!;
      expect(c.id).toMatch(/^conn_/);
      expect(c.keyId).toBe('GMAIL-test');
      expect(c.providerKey).toBe('gmail');
      expect(c.type).toBe(ConnectionType.OAUTH);
      expect(c.status).toBe(ConnectionStatus.DRAFT);
      expect(c.enabled).toBe(true);
      expect(c.createTime).toBeDefined();
      expect(c.settings.case).toBe('oauthConfig');
      const o = c.settings.value as any;
      expect(o.clientId).toBeUndefined();
      expect(o.clientSecret).toBeUndefined();
      expect(o.scopes).toEqual(['openid', 'email']);
      expect(o.redirectUri).toBe(`${server.url}/connect/oauth/callback`);
      expect(o.authorizeUri).toBe('https://accounts.google.com/o/oauth2/v2/auth');
      expect(o.tokenUri).toBe('https://oauth2.googleapis.com/token');
      expect(o.userInfoUri).toBe('https://openidconnect.googleapis.com/v1/userinfo');

      // No type and no key_id: the provider's first pattern (OAUTH) and the provider key.
      const slack = (await grpc.createEnvironmentConnection({ connection: { providerKey: 'slack' } })).connection!;
      expect(slack.keyId).toBe('slack');
      expect(slack.type).toBe(ConnectionType.OAUTH);
      expect((slack.settings.value as any).scopes).toEqual(['users:read']);

      // Static type: usable at once (credentials come per connected account).
      const stripe = (await grpc.createEnvironmentConnection({ connection: { providerKey: 'stripe', keyId: 'stripe' } })).connection!;
      expect(stripe.type).toBe(ConnectionType.BEARER);
      expect(stripe.status).toBe(ConnectionStatus.COMPLETED);
      expect(stripe.settings).toEqual({ case: 'staticConfig', value: expect.objectContaining({ staticConfig: { timeout_ms: 60000 } }) });

      // Read back by id and by name.
      expect((await grpc.getEnvironmentConnection({ connectionId: c.id })).connection?.keyId).toBe('GMAIL-test');
      expect((await grpc.getEnvironmentConnection({ connectionId: 'GMAIL-test' })).connection?.id).toBe(c.id);
    });

    it('creates over REST, then PATCHes oauth_config: secret sealed in the vault, never returned', async () => {
      const created = await rest('/api/v1/connections', { method: 'POST', body: { provider_key: 'github', type: 'OAUTH', key_id: 'github-rest' } });
      expect(created.status).toBe(200);
      expect(created.json.connection).toMatchObject({ key_id: 'github-rest', provider_key: 'github', type: 'OAUTH', status: 'DRAFT', enabled: true });
      const id = created.json.connection.id as string;

      const secret = newSecret();
      secrets.push(secret);
      const patched = await rest(`/api/v1/connections/${id}`, {
        method: 'PATCH',
        body: { oauth_config: { client_id: 'gh-client-1', client_secret: secret, scopes: ['repo'], extensions: { extra_authorize_params: { allow_signup: 'false' } } } },
      });
      expect(patched.status).toBe(200);
      expect(patched.json.connection.status).toBe('COMPLETED');
      expect(patched.json.connection.oauth_config).toEqual({
        client_id: 'gh-client-1',
        scopes: ['read:user', 'repo'],
        redirect_uri: `${server.url}/connect/oauth/callback`,
        authorize_uri: 'https://github.com/login/oauth/authorize',
        token_uri: 'https://github.com/login/oauth/access_token',
        user_info_uri: 'https://api.github.com/user',
        pkce_enabled: expect.any(Boolean),
        extensions: { extra_authorize_params: { allow_signup: 'false' } },
      });

      const stored = await row(id);
      expect(stored.client_secret_ciphertext).toMatch(/^v1\.dek_[0-9a-z]+\.[A-Za-z0-9_-]+$/);
      expect(stored.client_secret_ciphertext).not.toContain(secret);
      expect(stored.settings).not.toContain(secret);
      expect(await readConnectionSecret(server.core.vault, stored)).toBe(secret);
      // The ciphertext is bound to its row.
      await expect(readConnectionSecret(server.core.vault, { ...stored, id: 'conn_other' })).rejects.toThrow(/does not open/);

      // Partial: only the client id changes; secret and scopes stay.
      const second = await rest(`/api/v1/connections/${id}`, { method: 'PATCH', body: { oauth_config: { client_id: 'gh-client-2' } } });
      expect(second.json.connection).toMatchObject({ status: 'COMPLETED', oauth_config: { client_id: 'gh-client-2', scopes: ['read:user', 'repo'] } });
      expect((await row(id)).client_secret_ciphertext).toBe(stored.client_secret_ciphertext);

      // A GET body sent back unchanged is accepted (read-only fields match).
      const got = await rest(`/api/v1/connections/${id}`);
      const { client_id: _cid, ...echo } = got.json.connection.oauth_config;
      expect((await rest(`/api/v1/connections/${id}`, { method: 'PATCH', body: { oauth_config: echo } })).status).toBe(200);
      const readOnly = await rest(`/api/v1/connections/${id}`, { method: 'PATCH', body: { oauth_config: { token_uri: 'https://evil.example/token' } } });
      expect(readOnly.status).toBe(400);
      expect(readOnly.json.message).toContain('connection.oauth_config.token_uri is read-only');

      // Clearing the secret makes it unusable again.
      const cleared = await rest(`/api/v1/connections/${id}`, { method: 'PATCH', body: { oauth_config: { client_secret: '' } } });
      expect(cleared.json.connection.status).toBe('IN_PROGRESS');
      expect((await row(id)).client_secret_ciphertext).toBeNull();

      const platform = await rest(`/api/v1/connections/${id}`, { method: 'PATCH', body: { oauth_config: { use_platform_creds: true } } });
      expect(platform.status).toBe(400);
      expect(platform.json.message).toContain('connection.oauth_config.use_platform_creds is not available');
    });

    it('renames with key_id and sets a timeout through static_config', async () => {
      const c = (await rest('/api/v1/connections', { method: 'POST', body: { provider_key: 'github', type: 'BEARER', key_id: 'gh-pat' } })).json.connection;
      expect(c.static_config).toEqual({ static_config: { timeout_ms: 60000 } });
      const renamed = await rest(`/api/v1/connections/${c.id}`, { method: 'PATCH', body: { key_id: 'gh-pat-2', static_config: { static_config: { timeout_ms: 5000 } } } });
      expect(renamed.status).toBe(200);
      expect(renamed.json.connection).toMatchObject({ id: c.id, key_id: 'gh-pat-2', static_config: { static_config: { timeout_ms: 5000 } } });
      expect((await rest('/api/v1/connections/gh-pat-2')).json.connection.id).toBe(c.id);
      expect((await rest('/api/v1/connections/gh-pat')).status).toBe(404);

      const tooShort = await rest(`/api/v1/connections/${c.id}`, { method: 'PATCH', body: { static_config: { static_config: { timeout_ms: 500 } } } });
      expect(tooShort.status).toBe(400);
      expect(tooShort.json.message).toBe('connection.static_config.timeout_ms must be a whole number of milliseconds from 1000 to 300000 (got 500)');
      const unknownKey = await rest(`/api/v1/connections/${c.id}`, { method: 'PATCH', body: { static_config: { static_config: { retries: 3 } } } });
      expect(unknownKey.json.message).toContain('connection.static_config.retries is not a recognised setting');

      // Client credentials are for OAUTH connections only.
      const creds = await rest(`/api/v1/connections/${c.id}`, { method: 'PATCH', body: { oauth_config: { client_id: 'x' } } });
      expect(creds.status).toBe(400);
      expect(creds.json.message).toContain('connection.oauth_config.client_id is only for OAUTH connections');
      const typeChange = await rest(`/api/v1/connections/${c.id}`, { method: 'PATCH', body: { type: 'OAUTH' } });
      expect(typeChange.json.message).toContain('connection.type cannot be changed (the connection is BEARER)');
    });

    it('lists through the SDK in its normalised shape, filtering by provider in any case', async () => {
      const envId = await devEnvId();
      const secret = newSecret();
      secrets.push(secret);
      const a = await createConnection(server.core.storage.db, server.core.vault, envId, { providerKey: 'google_drive', connectionName: 'gdrive-a', clientId: 'cid', clientSecret: secret });
      const b = (await grpc.createEnvironmentConnection({ connection: { providerKey: 'google_drive', keyId: 'gdrive-b' } })).connection!;
      await grpc.disableEnvironmentConnection({ connectionId: b.id });

      const listed = await sdk.actions.listConnections({ provider: 'google_drive' });
      expect(listed.totalSize).toBe(2);
      expect(listed.nextPageToken).toBe('');
      expect(listed.connections).toEqual([
        { id: a.id, type: 'OAUTH', status: 'COMPLETED', enabled: true, provider: 'google_drive', connectionName: 'gdrive-a', createdAt: expect.anything() },
        { id: b.id, type: 'OAUTH', status: 'DRAFT', enabled: false, provider: 'google_drive', connectionName: 'gdrive-b', createdAt: expect.anything() },
      ]);
      const upper = await sdk.actions.listConnections({ provider: 'GOOGLE_DRIVE' });
      expect(upper.connections.map((c) => c.id)).toEqual([a.id, b.id]);
      expect(JSON.stringify(listed, (_k, v) => (typeof v === 'bigint' ? String(v) : v))).not.toContain(secret);

      // The search query of ListAppConnections, over REST.
      const searched = await rest('/api/v1/connections/app?query=DRIVE-b');
      expect(searched.json.connections.map((c: any) => c.key_id)).toEqual(['gdrive-b']);
    });

    it('refuses page size 31 and walks every page with page tokens', async () => {
      await expect(sdk.actions.listConnections({ pageSize: 31 })).rejects.toMatchObject({ grpcStatus: 3, message: expect.stringContaining('page_size must be at most 30') });
      const ids: string[] = [];
      for (let i = 0; i < 7; i++) ids.push((await grpc.createEnvironmentConnection({ connection: { providerKey: 'trello', keyId: `trello-${i}` } })).connection!.id);
      const seen: string[] = [];
      let pageToken: string | undefined;
      let pages = 0;
      do {
        const page = await sdk.actions.listConnections({ provider: 'trello', pageSize: 3, pageToken });
        expect(page.totalSize).toBe(7);
        seen.push(...page.connections.map((c) => c.id));
        pageToken = page.nextPageToken || undefined;
        pages++;
      } while (pageToken);
      expect(pages).toBe(3);
      expect(seen).toEqual(ids);
      const thirty = await sdk.actions.listConnections({ pageSize: 30 });
      expect(thirty.connections.length).toBeGreaterThanOrEqual(7);
    });

    it('refuses a duplicate name, an unknown provider, a wrong type, a bad name and an unknown scope, naming the field', async () => {
      await grpc.createEnvironmentConnection({ connection: { providerKey: 'notion', keyId: 'dup' } });
      const dup = await rejection(grpc.createEnvironmentConnection({ connection: { providerKey: 'gmail', keyId: 'dup' } }));
      expect(dup.code).toBe(Code.AlreadyExists);
      expect(dup.rawMessage).toContain("a connection named 'dup' already exists in this environment");

      const unknown = await rejection(grpc.createEnvironmentConnection({ connection: { providerKey: 'no_such_provider' } }));
      expect(unknown.code).toBe(Code.InvalidArgument);
      expect(unknown.rawMessage).toContain("connection.provider_key 'no_such_provider' is neither a built-in provider key");

      const wrongType = await rejection(grpc.createEnvironmentConnection({ connection: { providerKey: 'gmail', type: ConnectionType.BEARER, keyId: 'gm-bearer' } }));
      expect(wrongType.code).toBe(Code.InvalidArgument);
      expect(wrongType.rawMessage).toBe("connection.type must be one of the types provider 'gmail' offers: OAUTH (got 'BEARER')");
      const sso = await rejection(grpc.createEnvironmentConnection({ connection: { providerKey: 'github', type: ConnectionType.OIDC } }));
      expect(sso.rawMessage).toContain("connection.type must be one of the types provider 'github' offers: OAUTH, BEARER (got 'OIDC')");

      const badName = await rest('/api/v1/connections', { method: 'POST', body: { provider_key: 'gmail', key_id: 'has space' } });
      expect(badName.status).toBe(400);
      expect(badName.json.message).toContain("connection.key_id must be 1 to 64 letters, digits, '_' or '-'");

      const c = (await rest('/api/v1/connections', { method: 'POST', body: { provider_key: 'gmail', key_id: 'gmail-scopes' } })).json.connection;
      const badScope = await rest(`/api/v1/connections/${c.id}`, {
        method: 'PATCH',
        body: { oauth_config: { scopes: ['https://www.googleapis.com/auth/gmail.send', 'https://www.googleapis.com/auth/drive'] } },
      });
      expect(badScope.status).toBe(400);
      expect(badScope.json.message).toContain("connection.oauth_config.scopes has scopes provider 'gmail' does not offer: 'https://www.googleapis.com/auth/drive'");
      const good = await rest(`/api/v1/connections/${c.id}`, { method: 'PATCH', body: { oauth_config: { scopes: ['https://www.googleapis.com/auth/gmail.send'] } } });
      expect(good.json.connection.oauth_config.scopes).toEqual(['openid', 'email', 'https://www.googleapis.com/auth/gmail.send']);

      // Renaming onto a taken name.
      const taken = await rest(`/api/v1/connections/${c.id}`, { method: 'PATCH', body: { key_id: 'dup' } });
      expect(taken.status).toBe(409);
      expect(taken.json.message).toContain("a connection named 'dup' already exists");
      // Nothing was half-created.
      expect((await rest('/api/v1/connections/app?query=gm-bearer')).json.connections).toEqual([]);
    });

    it('enables and disables', async () => {
      const c = (await grpc.createEnvironmentConnection({ connection: { providerKey: 'linear', keyId: 'linear-toggle' } })).connection!;
      const off = await rest(`/api/v1/connections/${c.id}:disable`, { method: 'PATCH' });
      expect(off.status).toBe(200);
      expect(off.json).toEqual({ enabled: false });
      expect((await grpc.getEnvironmentConnection({ connectionId: c.id })).connection?.enabled).toBe(false);
      const on = await grpc.enableEnvironmentConnection({ connectionId: 'linear-toggle' });
      expect(on.enabled).toBe(true);
      expect(on.errorMessage).toBe("connection 'linear-toggle' is enabled, but accounts cannot connect until oauth_config.client_id and client_secret are set");
      expect((await grpc.getEnvironmentConnection({ connectionId: c.id })).connection?.enabled).toBe(true);
    });

    it('deletes, unless a registered deletion guard objects', async () => {
      const c = (await grpc.createEnvironmentConnection({ connection: { providerKey: 'asana', keyId: 'asana-del' } })).connection!;
      const guard = async (_db: unknown, _env: string, id: string) => (id === c.id ? '2 connected account(s) use it; delete them first' : undefined);
      connectionDeletionGuards.push(guard);
      try {
        const refused = await rest(`/api/v1/connections/${c.id}`, { method: 'DELETE' });
        expect(refused.status).toBe(400);
        expect(refused.json).toMatchObject({
          code: 'FAILED_PRECONDITION',
          message: "connection 'asana-del' cannot be deleted: 2 connected account(s) use it; delete them first",
          details: [expect.objectContaining({ error_code: 'CONNECTION_IN_USE' })],
        });
      } finally {
        connectionDeletionGuards.splice(connectionDeletionGuards.indexOf(guard), 1);
      }
      expect((await rest(`/api/v1/connections/${c.id}`, { method: 'DELETE' })).status).toBe(200);
      const gone = await rest(`/api/v1/connections/${c.id}`);
      expect(gone.status).toBe(404);
      expect(gone.json).toMatchObject({ code: 'NOT_FOUND', details: [expect.objectContaining({ error_code: 'CONNECTION_NOT_FOUND' })] });
      const again = await rejection(grpc.deleteEnvironmentConnection({ connectionId: c.id }));
      expect(again.code).toBe(Code.NotFound);
    });

    it('keeps environments apart', async () => {
      const dev = (await grpc.createEnvironmentConnection({ connection: { providerKey: 'dropbox', keyId: 'dropbox' } })).connection!;
      const get = await rejection(prodGrpc.getEnvironmentConnection({ connectionId: dev.id }));
      expect(get.code).toBe(Code.NotFound);
      expect((await rest('/api/v1/connections/dropbox', { token: prodToken })).status).toBe(404);
      const prodList = await prodGrpc.listAppConnections({ pageSize: 30 });
      expect(prodList.connections.map((c) => c.id)).not.toContain(dev.id);
      expect((await prodGrpc.listConnections({})).connections.map((c) => c.id)).not.toContain(dev.id);
      expect((await rejection(prodGrpc.deleteEnvironmentConnection({ connectionId: dev.id }))).code).toBe(Code.NotFound);
      expect((await rejection(prodGrpc.disableEnvironmentConnection({ connectionId: dev.id }))).code).toBe(Code.NotFound);

      // Names are unique per environment only.
      const prod = (await prodGrpc.createEnvironmentConnection({ connection: { providerKey: 'dropbox', keyId: 'dropbox' } })).connection!;
      expect(prod.id).not.toBe(dev.id);
      expect((await prodGrpc.listAppConnections({ provider: 'dropbox' })).connections.map((c) => c.id)).toEqual([prod.id]);
      expect((await grpc.listConnections({})).connections.map((c) => c.id)).toContain(dev.id);
      expect((await grpc.listConnections({})).connections.map((c) => c.id)).not.toContain(prod.id);
    });

    it('connects a custom provider created through the custom-providers API', async () => {
      const created = await rest('/api/v1/custom-providers', {
        method: 'POST',
        body: {
          display_name: 'My Asana',
          auth_patterns: [
            {
              type: 'OAUTH',
              display_name: 'OAuth 2.0',
              fields: [],
              oauth_config: {
                authorize_uri: 'https://app.asana.com/-/oauth_authorize',
                token_uri: 'https://app.asana.com/-/oauth_token',
                available_scopes: [
                  { scope: 'profile', required: true },
                  { scope: 'tasks:read' },
                ],
              },
            },
            { type: 'BEARER', display_name: 'PAT', fields: [{ field_name: 'token', label: 'Token', input_type: 'password', required: true }] },
          ],
          proxy_url: 'https://app.asana.com/api',
          proxy_enabled: true,
        },
      });
      expect(created.status).toBe(201);
      expect(created.json.provider.identifier).toBe('my_asana');

      const oauth = await rest('/api/v1/connections', { method: 'POST', body: { provider_key: 'my_asana' } });
      expect(oauth.json.connection).toMatchObject({ key_id: 'my_asana', type: 'OAUTH', status: 'DRAFT' });
      expect(oauth.json.connection.oauth_config).toMatchObject({ scopes: ['profile'], authorize_uri: 'https://app.asana.com/-/oauth_authorize' });
      const bearer = await rest('/api/v1/connections', { method: 'POST', body: { provider_key: 'my_asana', type: 'BEARER', key_id: 'my_asana-pat' } });
      expect(bearer.json.connection).toMatchObject({ key_id: 'my_asana-pat', type: 'BEARER', status: 'COMPLETED' });
      const unknownScope = await rest(`/api/v1/connections/${oauth.json.connection.id}`, { method: 'PATCH', body: { oauth_config: { scopes: ['tasks:write'] } } });
      expect(unknownScope.json.message).toBe("connection.oauth_config.scopes has scopes provider 'my_asana' does not offer: 'tasks:write'; available: profile, tasks:read");

      // Search escapes LIKE wildcards: `_` is literal, `%` matches nothing.
      expect((await rest('/api/v1/connections/app?query=MY_ASANA-')).json.connections.map((c: any) => c.key_id)).toEqual(['my_asana-pat']);
      expect((await rest('/api/v1/connections/app?query=my%25asana')).json.connections).toEqual([]);
      expect((await rest('/api/v1/connections/app?provider=my_asana')).json).toMatchObject({ total_size: 2, connections: [{ key_id: 'my_asana' }, { key_id: 'my_asana-pat' }] });

      // Another environment does not see the custom provider.
      const elsewhere = await rest('/api/v1/connections', { method: 'POST', body: { provider_key: 'my_asana' }, token: prodToken });
      expect(elsewhere.status).toBe(400);
      expect(elsewhere.json.message).toContain('connection.provider_key');
    });

    it('never returns or logs a client secret', async () => {
      expect(secrets.length).toBeGreaterThanOrEqual(2);
      expect(bodies.length).toBeGreaterThan(20);
      const everything = bodies.join('\n') + '\n' + server.logs.join('\n');
      for (const s of secrets) expect(everything).not.toContain(s);
      expect(bodies.join('\n')).not.toContain('"client_secret":');
    });
  });
}
