import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Kysely, KyselyPlugin } from 'kysely';
import { openStorage, type Storage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import type { Tables } from '../../src/storage/schema.js';
import { Vault } from '../../src/modules/vault/vault.js';
import { masterKeyFrom } from '../../src/modules/vault/master-key.js';
import { SigningKeys } from '../../src/modules/tokens/signing-keys.js';
import { AccessTokens } from '../../src/modules/tokens/access-tokens.js';
import { DIALECTS, freshPostgresDatabase } from '../helpers/test-server.js';
import { captureLogger } from '../helpers/test-utils.js';

// Two Vault / SigningKeys instances on one database stand for two processes: the server and
// `latchkey keys rotate` (or another replica).

const MASTER = masterKeyFrom(Buffer.alloc(32, 9));
const ISSUER = 'http://latchkey.test';
const opened: Storage[] = [];
afterEach(async () => {
  for (const s of opened.splice(0)) await s.close();
});

async function freshStorage(databaseUrl?: string): Promise<Storage> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-key-reload-'));
  const url = databaseUrl ? await freshPostgresDatabase(databaseUrl) : undefined;
  const s = await openStorage({ databaseUrl: url, dataDir: dir });
  await migrateToLatest(s);
  opened.push(s);
  return s;
}

/** The same database, counting the SELECTs that read `table` (to see how often keys are reloaded). */
function countingReads(db: Kysely<Tables>, table: string): { db: Kysely<Tables>; reads: () => number } {
  let n = 0;
  const plugin: KyselyPlugin = {
    transformQuery(args) {
      if (args.node.kind === 'SelectQueryNode' && JSON.stringify(args.node.from).includes(`"${table}"`)) n++;
      return args.node;
    },
    transformResult: async (args) => args.result,
  };
  return { db: db.withPlugin(plugin), reads: () => n };
}

const kidOf = (token: string): string => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString()).kid;

/** Longer than signingKeyForToken's interval between checks of the database's active key (1 s). */
const pastActiveKidCheck = () => new Promise((r) => setTimeout(r, 1100));
for (const dialect of DIALECTS) {
  describe(`keys rotated by another process (${dialect.name})`, () => {
    it('a vault opens data sealed with a data key it has not loaded, reloading once for many callers, then seals with it', async () => {
      const storage = await freshStorage(dialect.databaseUrl);
      const counted = countingReads(storage.db, 'vault_keys');
      const server = new Vault(counted.db, MASTER);
      await server.init();
      const oldKey = server.activeKeyId;
      const cli = new Vault(storage.db, MASTER);
      await cli.init();

      const newKey = await cli.rotate();
      const sealed = Array.from({ length: 20 }, (_, i) => cli.encrypt(`secret-${i}`, `env_1:connections:conn_${i}:client_secret`));
      expect(sealed[0].split('.')[1]).toBe(newKey);
      expect(server.activeKeyId).toBe(oldKey);

      const before = counted.reads();
      const opened = await Promise.all(sealed.map((ct, i) => server.decrypt(ct, `env_1:connections:conn_${i}:client_secret`)));
      expect(opened).toEqual(sealed.map((_, i) => `secret-${i}`));
      expect(counted.reads() - before).toBe(1);
      // New data is now sealed with the database's active key, and known keys need no query.
      expect(server.encrypt('after', 'a').split('.')[1]).toBe(newKey);
      expect(await server.decrypt(sealed[3], 'env_1:connections:conn_3:client_secret')).toBe('secret-3');
      expect(counted.reads() - before).toBe(1);
      // The AAD still binds after an on-demand load.
      await expect(server.decrypt(sealed[0], 'env_1:connections:conn_1:client_secret')).rejects.toThrow(/bound to another record/);
    });

    it('a data key id found nowhere fails naming the key, after one shared reload', async () => {
      const storage = await freshStorage(dialect.databaseUrl);
      const counted = countingReads(storage.db, 'vault_keys');
      const vault = new Vault(counted.db, MASTER);
      await vault.init();
      const body = vault.encrypt('top-secret-value', 'a').split('.')[2];
      const forged = `v1.dek_0000nothere.${body}`;
      const before = counted.reads();
      const errors = await Promise.all(Array.from({ length: 10 }, () => vault.decrypt(forged, 'a').then(() => undefined, (e: Error) => e.message)));
      expect(new Set(errors)).toEqual(new Set(['ciphertext sealed by unknown data key dek_0000nothere']));
      expect(counted.reads() - before).toBe(1);
    });

    it('signing keys follow a rotation elsewhere: unknown kid, issuance check, and a failed reload keeps the old key', async () => {
      const storage = await freshStorage(dialect.databaseUrl);
      const logs: string[] = [];
      const serverVault = new Vault(storage.db, MASTER);
      await serverVault.init();
      const serverKeys = new SigningKeys(storage.db, serverVault, 60, captureLogger(logs));
      await serverKeys.init();
      const server = new AccessTokens(serverKeys, ISSUER, 60);
      const k1 = serverKeys.signingKey().kid;
      const before = await server.issue('skc_1', 'env_1');

      // `keys rotate` in another process: a new data key, then a signing key sealed with it.
      const cliVault = new Vault(storage.db, MASTER);
      await cliVault.init();
      const cliKeys = new SigningKeys(storage.db, cliVault, 60);
      await cliKeys.init();
      const newDek = await cliVault.rotate();
      const k2 = await cliKeys.rotate();
      const cli = new AccessTokens(cliKeys, ISSUER, 60);
      expect((await storage.db.selectFrom('signing_keys').select('private_jwk_ciphertext').where('kid', '=', k2).executeTakeFirstOrThrow()).private_jwk_ciphertext.split('.')[1]).toBe(newDek);

      // A token naming the new kid makes the server load it (data key first), and it verifies.
      const fromCli = await cli.issue('skc_2', 'env_1');
      expect(kidOf(fromCli.accessToken)).toBe(k2);
      expect(await server.verify(fromCli.accessToken)).toMatchObject({ clientId: 'skc_2', environmentId: 'env_1' });
      expect(serverKeys.signingKey().kid).toBe(k2);
      expect(serverVault.activeKeyId).toBe(newDek);
      expect(serverKeys.publicJwks().keys.map((k) => k.kid).sort()).toEqual([k1, k2].sort());
      expect(await server.verify(before.accessToken)).toMatchObject({ clientId: 'skc_1' });

      // Rotated again: the first issuance a second later (the active key is checked at most that often)
      // signs with the newest key, without waiting for a reload.
      await cliVault.rotate();
      const k3 = await cliKeys.rotate();
      await pastActiveKidCheck();
      expect(kidOf((await server.issue('skc_1', 'env_1')).accessToken)).toBe(k3);

      // A new active key whose private key does not open here (copied from another row): the server
      // keeps signing with k3, warns once, and tokens keep verifying.
      const k4 = await cliKeys.rotate();
      const k3Row = await storage.db.selectFrom('signing_keys').selectAll().where('kid', '=', k3).executeTakeFirstOrThrow();
      await storage.db.updateTable('signing_keys').set({ private_jwk_ciphertext: k3Row.private_jwk_ciphertext }).where('kid', '=', k4).execute();
      await pastActiveKidCheck();
      const stuck = await server.issue('skc_1', 'env_1');
      await pastActiveKidCheck();
      await server.issue('skc_1', 'env_1');
      expect(kidOf(stuck.accessToken)).toBe(k3);
      expect(await server.verify(stuck.accessToken)).toMatchObject({ clientId: 'skc_1' });
      const warnings = logs.filter((l) => l.includes('cannot open the active signing key'));
      expect(warnings).toHaveLength(1);
      expect(JSON.parse(warnings[0])).toMatchObject({ level: 40, kid: k4 });
      expect(warnings[0]).not.toContain(k3Row.private_jwk_ciphertext.split('.')[2].slice(0, 40));

      // A reload that fails outright (a data key this master key cannot unwrap) changes nothing.
      await storage.db
        .insertInto('vault_keys')
        .values({ id: 'dek_zzzzforeign', master_key_id: 'mk_other', wrapped_key: 'AAAA', active: 0, created_at: new Date().toISOString() })
        .execute();
      await expect(serverKeys.reload()).rejects.toThrow(/was wrapped by master key mk_other/);
      const afterFailure = await server.issue('skc_1', 'env_1');
      expect(kidOf(afterFailure.accessToken)).toBe(k3);
      expect(await server.verify(afterFailure.accessToken)).toMatchObject({ clientId: 'skc_1' });
    });
  });
}
