import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { runCli } from '../helpers/run-cli.js';
import { freePort } from '../helpers/test-server.js';
import { loadConfig, ConfigError } from '../../src/config/load-config.js';

const dirs: string[] = [];
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-cli-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function parseEnvLines(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/^(SCALEKIT_[A-Z_]+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
}

describe('configuration', () => {
  it('collects every problem into one clear start-up error', () => {
    const err = (() => {
      try {
        loadConfig({ PORT: 'abc', DATABASE_URL: 'mysql://u:hunter2@h/db', LOG_LEVEL: 'loud', NODE_ENV: 'production', PUBLIC_URL: 'not a url' });
      } catch (e) {
        return e as ConfigError;
      }
    })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.problems).toEqual([
      "PORT must be an integer between 0 and 65535 (got 'abc')",
      "PUBLIC_URL must be an absolute URL such as https://latchkey.example.com (got 'not a url')",
      'DATABASE_URL must be a postgres:// or postgresql:// URL (leave it unset for the embedded SQLite database)',
      'LATCHKEY_MASTER_KEY is required when NODE_ENV=production (a generated key file is for development only)',
      "LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent (got 'loud')",
    ]);
    expect(err!.message).not.toContain('hunter2');
  });

  it('refuses a master key of the wrong size', () => {
    expect(() => loadConfig({ LATCHKEY_MASTER_KEY: 'short' })).toThrow(/LATCHKEY_MASTER_KEY must be 32 random bytes/);
  });
});

describe('the latchkey CLI', () => {
  it('creates a client whose printed lines authenticate the SDK, and refuses an unknown environment', async () => {
    const dataDir = tmpDir();
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'warn' };
    const migrate = await runCli(['migrate'], env);
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toContain('database is up to date (sqlite)');
    expect(fs.statSync(path.join(dataDir, 'master.key')).mode & 0o777).toBe(0o600);
    expect(migrate.stderr).toContain('NO LATCHKEY_MASTER_KEY SET');

    const created = await runCli(['clients', 'create', '--env', 'production'], env);
    expect(created.code).toBe(0);
    const lines = parseEnvLines(created.stdout);
    expect(Object.keys(lines)).toEqual(['SCALEKIT_ENVIRONMENT_URL', 'SCALEKIT_ENV_URL', 'SCALEKIT_CLIENT_ID', 'SCALEKIT_CLIENT_SECRET']);

    const unknown = await runCli(['clients', 'create', '--env', 'staging'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("environment 'staging' does not exist; known environments: development, production");

    const missing = await runCli(['clients', 'create'], env);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('clients create needs --env');

    // The printed credentials work against a real server on the same data dir.
    const server = spawn(process.execPath, [fileURLToPath(new URL('../../bin/latchkey.js', import.meta.url)), 'serve'], { cwd: dataDir, env: { PATH: process.env.PATH ?? '', ...env, LOG_LEVEL: 'info' }, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      server.stdout.on('data', (d) => (out += d));
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('server did not start: ' + out)), 20_000);
        server.stdout.on('data', () => out.includes('latchkey listening') && (clearTimeout(t), resolve()));
        server.on('exit', () => reject(new Error('server exited: ' + out)));
      });
      const sdk = new ScalekitClient(lines.SCALEKIT_ENV_URL, lines.SCALEKIT_CLIENT_ID, lines.SCALEKIT_CLIENT_SECRET);
      const org = await sdk.organization.createOrganization('From CLI creds');
      expect(org.organization?.id).toMatch(/^org_/);

      // SIGTERM drains: the process exits 0.
      const exited = new Promise<number | null>((r) => server.on('exit', (code) => r(code)));
      server.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(out).toContain('draining in-flight requests');
    } finally {
      server.kill('SIGKILL');
    }
  });

  it('prints the first-start credentials on npm start', async () => {
    const dataDir = tmpDir();
    const port = await freePort();
    // npm start runs `serve`; the bare command only prints the usage (cli-settings.test.ts).
    const child = spawn(process.execPath, [fileURLToPath(new URL('../../bin/latchkey.js', import.meta.url)), 'serve'], {
      cwd: dataDir,
      env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      let out = '';
      await new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error('no credentials printed: ' + out)), 20_000);
        child.stdout.on('data', (d) => {
          out += d;
          if (out.includes('SCALEKIT_CLIENT_SECRET=')) (clearTimeout(t), resolve());
        });
      });
      const lines = parseEnvLines(out);
      expect(lines.SCALEKIT_ENVIRONMENT_URL).toBe(`http://localhost:${port}`);
      expect(lines.SCALEKIT_CLIENT_SECRET).toMatch(/^lk_sec_/);
      expect(out).toContain('npx latchkey clients create --env <development|production>');
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('fails to start with a clear message on an unreachable DATABASE_URL, a wrong master key, or production without a key', async () => {
    const dataDir = tmpDir();
    const badDb = await runCli(['migrate'], { DATA_DIR: dataDir, DATABASE_URL: 'postgres://latchkey:s3cret-pw@127.0.0.1:1/nothing' });
    expect(badDb.code).toBe(2);
    expect(badDb.stderr).toContain('cannot connect to PostgreSQL at DATABASE_URL (ECONNREFUSED)');
    expect(badDb.stderr).not.toContain('s3cret-pw');

    const prod = await runCli(['migrate'], { DATA_DIR: dataDir, NODE_ENV: 'production' });
    expect(prod.code).toBe(2);
    expect(prod.stderr).toContain('LATCHKEY_MASTER_KEY is required when NODE_ENV=production');

    const keyA = Buffer.alloc(32, 1).toString('base64');
    const keyB = Buffer.alloc(32, 2).toString('base64');
    expect((await runCli(['migrate'], { DATA_DIR: dataDir, LATCHKEY_MASTER_KEY: keyA })).code).toBe(0);
    const wrong = await runCli(['migrate'], { DATA_DIR: dataDir, LATCHKEY_MASTER_KEY: keyB });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(/was wrapped by master key mk_\w+, but the configured master key is mk_\w+/);
  });
});
