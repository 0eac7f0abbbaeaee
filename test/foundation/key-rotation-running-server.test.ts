import { randomBytes } from 'node:crypto';
import { afterAll, describe, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { envAccessToken } from '../helpers/env-token.js';
import { runCli } from '../helpers/run-cli.js';
import { staticAuthDetails } from '../helpers/agent-auth-fixtures.js';
import { secret } from '../helpers/test-utils.js';
import { readConnectionSecret } from '../../src/modules/connections/connection-secret.js';
import { createConnection } from '../../src/modules/connections/connections.js';
import { findEnvironmentByName } from '../../src/modules/environments/environments.js';
import { RETIRED_KEY_MARGIN_SECONDS } from '../../src/modules/tokens/signing-keys.js';

// `latchkey keys rotate` run as its own process against two running servers on one database:
// `periodic` re-reads keys every 2 s, `onDemand` never on its own (only when it meets an unknown
// key id or issues a token). Tokens live 60 s (the minimum), so this follows one rotation past
// the old key's retention: about 2.5 minutes, both dialects at once.

const TTL_SECONDS = 60;
const RETENTION_SECONDS = TTL_SECONDS + RETIRED_KEY_MARGIN_SECONDS;

const servers: TestServer[] = [];
afterAll(async () => {
  for (const s of servers.splice(0)) await s.close();
});

const sleepUntil = (epochMs: number) => new Promise((r) => setTimeout(r, Math.max(0, epochMs - Date.now())));
const claims = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()) as { exp: number };
const kidOf = (token: string): string => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid;
const sdkToken = (sdk: ScalekitClient) => (sdk as unknown as { coreClient: { accessToken: string | null } }).coreClient.accessToken;

async function listOrganizations(server: TestServer, token: string): Promise<{ status: number; body: { message?: string } }> {
  const res = await fetch(`${server.url}/api/v1/organizations?page_size=5`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as { message?: string } };
}

/** The status of GET /api/v1/organizations with `token`, and the error message when it is not 200. */
const listStatus = async (server: TestServer, token: string) => {
  const { status, body } = await listOrganizations(server, token);
  return status === 200 ? 200 : `${status} ${body.message}`;
};

async function publishedKids(server: TestServer): Promise<string[]> {
  const jwks = (await (await fetch(`${server.url}/keys`)).json()) as { keys: Array<{ kid: string }> };
  return jwks.keys.map((k) => k.kid).sort();
}

describe('keys rotate from another process, against running servers', () => {
  for (const dialect of DIALECTS) {
    it.concurrent(`keeps every token working until it expires, then drops the old key (${dialect.name})`, async ({ expect }) => {
      const shared = { ACCESS_TOKEN_TTL_SECONDS: String(TTL_SECONDS), LATCHKEY_MASTER_KEY: randomBytes(32).toString('base64') };
      const periodic = await startTestServer({ databaseUrl: dialect.databaseUrl, env: { ...shared, KEY_RELOAD_INTERVAL_SECONDS: '2' } });
      servers.push(periodic);
      const database = { DATA_DIR: periodic.core.config.dataDir, ...(periodic.core.config.databaseUrl ? { DATABASE_URL: periodic.core.config.databaseUrl } : {}) };
      // A replica: same database and public URL (the tokens' issuer).
      const onDemand = await startTestServer({ env: { ...shared, ...database, PUBLIC_URL: periodic.url, KEY_RELOAD_INTERVAL_SECONDS: '3600' } });
      servers.push(onDemand);
      // A generous timeout: the CLI starts through tsx, slow on a busy machine.
      const cli = (args: string[]) => runCli(args, { ...shared, ...database, PUBLIC_URL: periodic.url, LOG_LEVEL: 'warn' }, { timeoutMs: 120_000 });
      const both = [periodic, onDemand];

      const client = await periodic.newClient();
      const development = await findEnvironmentByName(periodic.core.storage.db, 'development');
      await createConnection(periodic.core.storage.db, periodic.core.vault, development.id, { providerKey: 'stripe' });
      const k1 = periodic.core.signingKeys.signingKey().kid;
      const dek1 = onDemand.core.vault.activeKeyId;
      const before = await envAccessToken(periodic.url, client);
      const sdkBefore = new ScalekitClient(periodic.url, client.clientId, client.clientSecret);
      await sdkBefore.organization.listOrganization();
      const sdkBeforeToken = sdkToken(sdkBefore)!;
      expect(kidOf(sdkBeforeToken)).toBe(k1);
      for (const s of both) expect(await publishedKids(s)).toEqual([k1]);

      const rotated = await cli(['keys', 'rotate']);
      expect(rotated.code, rotated.stderr).toBe(0);
      const [, k2, dek2] = /^new signing key (snk_\w+); new data key (dek_\w+)\./.exec(rotated.stdout)!;
      expect(rotated.stdout).toContain(`stays in /keys for ${RETENTION_SECONDS}s`);
      const retiredAt = Date.now();
      // The post-rotation token is issued at least 8 s after the first, so the two expiries below are checked
      // apart (a fast CLI left them 4 s apart), and past the one second a server may still sign with the old key.
      await sleepUntil(claims(before).exp * 1000 - TTL_SECONDS * 1000 + 8000);

      // While the CLI seals a secret with the new data key, `periodic` signs with the new key.
      const clientSecret = secret('GOCSPX');
      const creating = cli(['connections', 'create', '--provider', 'gmail', '--name', 'gmail', '--client-id', 'cid.apps', '--client-secret', clientSecret]);
      const after = await envAccessToken(periodic.url, client);
      expect(kidOf(after)).toBe(k2);
      expect(await publishedKids(periodic)).toEqual([k1, k2].sort());
      for (const token of [before, after]) expect(await listStatus(periodic, token)).toBe(200);
      // The SDK keeps its pre-rotation token and it still works; a new SDK client gets the new key.
      await sdkBefore.organization.listOrganization();
      expect(sdkToken(sdkBefore)).toBe(sdkBeforeToken);
      const sdkAfter = new ScalekitClient(onDemand.url, client.clientId, client.clientSecret);

      // `onDemand` has loaded nothing since the rotation: the secret's unknown data key makes it load it.
      const created = await creating;
      expect(created.code, created.stderr).toBe(0);
      const gmail = await onDemand.core.storage.db.selectFrom('connections').selectAll().where('connection_name', '=', 'gmail').executeTakeFirstOrThrow();
      expect(gmail.client_secret_ciphertext!.split('.')[1]).toBe(dek2);
      expect(onDemand.core.vault.activeKeyId).toBe(dek1);
      expect(await readConnectionSecret(onDemand.core.vault, gmail)).toBe(clientSecret);
      expect(onDemand.core.vault.activeKeyId).toBe(dek2);
      // Its unknown kid: the new-key token verifies; then it signs with the new key too.
      for (const token of [before, after]) expect(await listStatus(onDemand, token)).toBe(200);
      expect(await publishedKids(onDemand)).toEqual([k1, k2].sort());
      await sdkAfter.organization.listOrganization();
      expect(kidOf(sdkToken(sdkAfter)!)).toBe(k2);

      // Data sealed by the running server now uses the new data key and reads back on the other one.
      const apiKey = secret('sk_live');
      const account = (
        await sdkBefore.actions.getOrCreateConnectedAccount({ connectionName: 'stripe', identifier: 'rotation-user', authorizationDetails: staticAuthDetails({ token: apiKey }) })
      ).connectedAccount!;
      const row = await periodic.core.storage.db.selectFrom('connected_accounts').selectAll().where('id', '=', account.id).executeTakeFirstOrThrow();
      expect(row.credentials_ciphertext!.split('.')[1]).toBe(dek2);
      const read = (await sdkAfter.actions.getConnectedAccount({ connectionName: 'stripe', identifier: 'rotation-user' })).connectedAccount!;
      expect(read.authorizationDetails?.details).toEqual(expect.objectContaining({ case: 'staticAuth', value: expect.objectContaining({ details: { token: apiKey } }) }));

      // Just before the pre-rotation tokens expire they still work, over REST and the SDK.
      await sleepUntil(Math.min(claims(before).exp, claims(sdkBeforeToken).exp) * 1000 - 4000);
      for (const s of both) expect(await listStatus(s, before)).toBe(200);
      await sdkBefore.organization.listOrganization();
      expect(sdkToken(sdkBefore)).toBe(sdkBeforeToken);
      // Then they expire (as expired, not as signed by an unknown key); the SDK fetches a new-key token.
      await sleepUntil(Math.max(claims(before).exp, claims(sdkBeforeToken).exp) * 1000 + 1500);
      for (const s of both) {
        const res = await listOrganizations(s, before);
        expect(res.status).toBe(401);
        expect(res.body.message).toContain('access token has expired');
      }
      await sdkBefore.organization.listOrganization();
      expect(kidOf(sdkToken(sdkBefore)!)).toBe(k2);

      // The post-rotation token works until it expires too.
      await sleepUntil(claims(after).exp * 1000 - 4000);
      for (const s of both) expect(await listStatus(s, after)).toBe(200);
      expect(await publishedKids(periodic)).toEqual([k1, k2].sort());

      // Past the old key's retention it leaves /keys; tokens issued now verify everywhere.
      await sleepUntil(retiredAt + RETENTION_SECONDS * 1000 + 3000);
      for (const s of both) expect(await publishedKids(s)).toEqual([k2]);
      const late = await envAccessToken(periodic.url, client);
      expect(kidOf(late)).toBe(k2);
      for (const s of both) expect(await listStatus(s, late)).toBe(200);
      const sdkLate = new ScalekitClient(onDemand.url, client.clientId, client.clientSecret);
      expect((await sdkLate.organization.listOrganization()).organizations).toEqual(expect.any(Array));
      await sdkAfter.organization.listOrganization();

      // No reload failed on the way, and nothing secret reached a log line.
      for (const s of both) {
        expect(s.logs.filter((l) => /reload failed|unknown data key|cannot open the active signing key/.test(l))).toEqual([]);
        expect(s.logs.join('\n')).not.toContain(clientSecret);
        expect(s.logs.join('\n')).not.toContain(apiKey);
      }
    }, 240_000);
  }
});
