import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { openStorage, type Storage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { Vault } from '../../src/modules/vault/vault.js';
import { masterKeyFrom } from '../../src/modules/vault/master-key.js';
import { DIALECTS, freshPostgresDatabase, startTestServer } from '../helpers/test-server.js';
import { envAccessToken } from '../helpers/env-token.js';

const opened: Storage[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

async function freshStorage(databaseUrl?: string): Promise<Storage> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-vault-'));
  const url = databaseUrl ? await freshPostgresDatabase(databaseUrl) : undefined;
  const s = await openStorage({ databaseUrl: url, dataDir: dir });
  await migrateToLatest(s);
  opened.push(s);
  return s;
}

for (const dialect of DIALECTS) {
  describe(`vault (${dialect.name})`, () => {
    it('round-trips, tags the key id, binds to the AAD, and survives rotation', async () => {
      const storage = await freshStorage(dialect.databaseUrl);
      const vault = new Vault(storage.db, masterKeyFrom(Buffer.alloc(32, 7)));
      await vault.init();
      const ct = vault.encrypt('xoxb-secret-token', 'env_1:connections:con_1:client_secret');
      expect(ct).toMatch(/^v1\.dek_[0-9a-z]+\./);
      expect(ct).not.toContain('xoxb');
      expect(await vault.decrypt(ct, 'env_1:connections:con_1:client_secret')).toBe('xoxb-secret-token');
      // Copied to another row: refuses.
      await expect(vault.decrypt(ct, 'env_1:connections:con_2:client_secret')).rejects.toThrow(/bound to another record/);
      // One flipped byte: refuses.
      const body = Buffer.from(ct.split('.')[2], 'base64url');
      body[20] ^= 1;
      await expect(vault.decrypt(`${ct.split('.').slice(0, 2).join('.')}.${body.toString('base64url')}`, 'env_1:connections:con_1:client_secret')).rejects.toThrow(/does not open/);

      const oldKey = ct.split('.')[1];
      const newKey = await vault.rotate();
      expect(newKey).not.toBe(oldKey);
      const ct2 = vault.encrypt('second', 'a');
      expect(ct2.split('.')[1]).toBe(newKey);
      // A new process with the same master key opens both.
      const reopened = new Vault(storage.db, masterKeyFrom(Buffer.alloc(32, 7)));
      await reopened.init();
      expect(await reopened.decrypt(ct, 'env_1:connections:con_1:client_secret')).toBe('xoxb-secret-token');
      expect(await reopened.decrypt(ct2, 'a')).toBe('second');
      const rows = await storage.db.selectFrom('vault_keys').selectAll().execute();
      expect(rows.filter((r) => r.active === 1).map((r) => r.id)).toEqual([newKey]);
      expect(rows.every((r) => !r.wrapped_key.includes(Buffer.alloc(32, 7).toString('base64url')))).toBe(true);
    });

    it('refuses to open a database with a different master key', async () => {
      const storage = await freshStorage(dialect.databaseUrl);
      await new Vault(storage.db, masterKeyFrom(Buffer.alloc(32, 1))).init();
      await expect(new Vault(storage.db, masterKeyFrom(Buffer.alloc(32, 2))).init()).rejects.toThrow(/was wrapped by master key/);
    });
  });
}

describe('signing key rotation', () => {
  it('keeps tokens signed by the old key valid and serves both keys', async () => {
    const server = await startTestServer();
    try {
      const client = await server.newClient();
      const oldToken = await envAccessToken(server.url, client);
      await server.core.signingKeys.rotate();
      const jwks = (await (await fetch(`${server.url}/keys`)).json()) as { keys: unknown[] };
      expect(jwks.keys).toHaveLength(2);
      const res = await fetch(`${server.url}/api/v1/organizations`, { headers: { authorization: `Bearer ${oldToken}` } });
      expect(res.status).toBe(200);
      const newToken = await envAccessToken(server.url, client);
      const kid = (t: string) => JSON.parse(Buffer.from(t.split('.')[0], 'base64url').toString()).kid;
      expect(kid(newToken)).not.toBe(kid(oldToken));
      const sdk = new ScalekitClient(server.url, client.clientId, client.clientSecret);
      expect((await sdk.organization.listOrganization()).organizations).toEqual(expect.any(Array));
      // Private keys are stored encrypted.
      const rows = await server.core.storage.db.selectFrom('signing_keys').selectAll().execute();
      for (const r of rows) expect(r.private_jwk_ciphertext).toMatch(/^v1\.dek_/);
    } finally {
      await server.close();
    }
  });
});
