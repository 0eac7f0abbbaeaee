import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStorage, type Storage } from '../../src/storage/database.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { ensureDefaultEnvironments, findEnvironmentByName } from '../../src/modules/environments/environments.js';
import { createApiClient } from '../../src/modules/clients/api-clients.js';
import { createSessions } from '../../src/modules/sessions/index.js';
import { recordSignInGrant } from '../../src/modules/app-signin/signin-grants.js';
import { AppSignInEntriesSweep } from '../../src/modules/app-signin/expired-entries-sweep.js';
import { DIALECTS, freshPostgresDatabase } from '../helpers/test-server.js';

const DAY = 86_400_000;

/** The hourly sweep keeps a sign-in's record while its session may still refresh, however old, and drops it once the session is over. */
for (const dialect of DIALECTS) {
  describe(`app sign-in sweep (${dialect.name})`, () => {
    let storage: Storage;
    let dataDir: string;

    beforeAll(async () => {
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-signin-sweep-'));
      storage = await openStorage({ databaseUrl: dialect.databaseUrl ? await freshPostgresDatabase(dialect.databaseUrl) : undefined, dataDir });
      await migrateToLatest(storage);
      await ensureDefaultEnvironments(storage.db);
    });
    afterAll(async () => {
      await storage?.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });

    it('drops the records of ended and lapsed sessions only', async () => {
      const db = storage.db;
      const envId = (await findEnvironmentByName(db, 'development')).id;
      const clientId = (await createApiClient(db, envId)).clientId;
      const now = new Date().toISOString();
      await db.insertInto('users').values({ id: 'usr_sweep', environment_id: envId, email: 'sweep@example.com', external_id: null, given_name: '', family_name: '', name: '', profile: '{}', metadata: '{}', last_login_at: null, created_at: now, updated_at: now }).execute();
      // Started 40 days ago under a 90-day policy: older than the provider's default grant lifetime, still live.
      const longAgo = Date.now() - 40 * DAY;
      const sessionsThen = createSessions({ db, defaults: { absoluteTimeoutSeconds: 90 * 86_400, idleTimeoutSeconds: undefined }, now: () => longAgo });
      const sessions = createSessions({ db, defaults: { absoluteTimeoutSeconds: 7 * 86_400, idleTimeoutSeconds: undefined } });
      const old = await sessionsThen.startSession({ environmentId: envId, userId: 'usr_sweep' });
      const ended = await sessions.startSession({ environmentId: envId, userId: 'usr_sweep' });
      await sessions.endSession(ended.sessionId, 'LOGGED_OUT');
      const lapsed = await createSessions({ db, defaults: { absoluteTimeoutSeconds: 86_400, idleTimeoutSeconds: undefined }, now: () => Date.now() - 2 * DAY }).startSession({ environmentId: envId, userId: 'usr_sweep' });
      const record = (grantId: string, sessionId: string) =>
        recordSignInGrant(db, { grantId, environmentId: envId, clientId, userId: 'usr_sweep', organizationId: undefined, sessionId, identity: { connectionType: 'PASSWORDLESS', providerName: 'passwordless', social: false }, amr: ['otp'] });
      await record('grant_old', old.sessionId);
      await db.updateTable('app_signin_grants').set({ created_at: new Date(longAgo).toISOString() }).where('grant_id', '=', 'grant_old').execute();
      await record('grant_ended', ended.sessionId);
      await record('grant_lapsed', lapsed.sessionId);
      await record('grant_gone', 'ses_that_never_was');
      await new AppSignInEntriesSweep(db).maybeRun(Date.now() + 2 * 3_600_000);
      expect((await db.selectFrom('app_signin_grants').select('grant_id').execute()).map((r) => r.grant_id)).toEqual(['grant_old']);
    });
  });
}
