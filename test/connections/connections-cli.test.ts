import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { freePort } from '../helpers/test-server.js';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logging/logger.js';
import { openCore } from '../../src/server/core.js';
import { readConnectionSecret } from '../../src/modules/connections/connection-secret.js';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-conn-cli-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('latchkey connections', () => {
  it('creates a connection (printing a secret hint only), refuses a duplicate, and lists per environment', async () => {
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const env = { DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: publicUrl, LOG_LEVEL: 'warn' };
    const secret = 'GOCSPX-cli-secret-7Hq2';
    // Only serve and migrate create a data directory; the other commands need an existing one.
    expect((await runCli(['migrate'], env)).code).toBe(0);

    const created = await runCli(
      ['connections', 'create', '--provider', 'gmail', '--name', 'gmail', '--client-id', 'cid.apps.googleusercontent.com', '--client-secret', secret, '--scopes', 'https://www.googleapis.com/auth/gmail.readonly'],
      env,
    );
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toContain("created connection 'gmail' in development\n");
    expect(created.stdout).toMatch(/^id:\s+conn_[0-9a-z]+$/m);
    expect(created.stdout).toContain('provider:      gmail\n');
    expect(created.stdout).toContain('type:          OAUTH\n');
    expect(created.stdout).toContain('status:        COMPLETED\n');
    expect(created.stdout).toContain('client_id:     cid.apps.googleusercontent.com\n');
    expect(created.stdout).toContain('client_secret: ••••7Hq2\n');
    expect(created.stdout).toContain('scopes:        openid email https://www.googleapis.com/auth/gmail.readonly\n');
    expect(created.stdout).toContain(`redirect_uri:  ${publicUrl}/connect/oauth/callback\n`);
    expect(created.stdout + created.stderr).not.toContain(secret);
    const id = /^id:\s+(conn_[0-9a-z]+)$/m.exec(created.stdout)![1];

    const dup = await runCli(['connections', 'create', '--provider', 'gmail', '--name', 'gmail'], env);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toContain("latchkey: a connection named 'gmail' already exists in this environment");

    const wrongType = await runCli(['connections', 'create', '--provider', 'stripe', '--type', 'oauth'], env);
    expect(wrongType.code).toBe(2);
    expect(wrongType.stderr).toContain("connection.type must be one of the types provider 'stripe' offers: BEARER (got 'OAUTH')");

    const noProvider = await runCli(['connections', 'create', '--name', 'x'], env);
    expect(noProvider.code).toBe(2);
    expect(noProvider.stderr).toContain('connections create needs --provider <key>');

    const prod = await runCli(['connections', 'create', '--provider', 'stripe', '--env', 'production'], env);
    expect(prod.code).toBe(0);
    expect(prod.stdout).toContain('status:        COMPLETED\n');

    const list = await runCli(['connections', 'list'], env);
    expect(list.code).toBe(0);
    const lines = list.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0].split(/\s+/)).toEqual(['NAME', 'PROVIDER', 'TYPE', 'STATUS', 'ENABLED', 'ID']);
    expect(lines[1].split(/\s+/)).toEqual(['gmail', 'gmail', 'OAUTH', 'COMPLETED', 'true', id]);
    const prodList = await runCli(['connections', 'list', '--env', 'production'], env);
    expect(prodList.stdout.trimEnd().split('\n')[1].split(/\s+/).slice(0, 5)).toEqual(['stripe', 'stripe', 'BEARER', 'COMPLETED', 'true']);

    // The secret is stored sealed by the vault and opens to what was passed.
    const core = await openCore(loadConfig(env), createLogger('silent'));
    try {
      const row = await core.storage.db.selectFrom('connections').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      expect(row.client_secret_ciphertext).toMatch(/^v1\.dek_/);
      expect(JSON.stringify(row)).not.toContain(secret);
      expect(await readConnectionSecret(core.vault, row)).toBe(secret);
    } finally {
      await core.close();
    }
  }, 90_000);
});
