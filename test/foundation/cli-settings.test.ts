import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { DIALECTS, freePort, freshPostgresDatabase } from '../helpers/test-server.js';
import { loadSettings } from '../../src/config/load-settings.js';
import { workingDirectory } from '../../src/config/working-directory.js';
import { writeServerRecord } from '../../src/config/server-record.js';
import { loadConfig } from '../../src/config/load-config.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'bin/latchkey.js');
const MASTER_KEY = Buffer.alloc(32, 7).toString('base64');

const dirs: string[] = [];
const children: ChildProcess[] = [];
const tmpDir = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-settings-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  for (const c of children.splice(0)) c.kill('SIGKILL');
  for (const d of dirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

const writeEnvFile = (dir: string, vars: Record<string, string>) =>
  fs.writeFileSync(path.join(dir, '.env'), Object.entries(vars).map(([k, v]) => `${k}=${v}`).join('\n') + '\n');

/** `latchkey serve` in `cwd` with only `env` (and PATH); resolves once it answers /readyz and has written its record. */
async function startServe(cwd: string, publicUrl: string, env: Record<string, string> = {}): Promise<void> {
  const child = spawn(process.execPath, [BIN, 'serve'], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ready = await fetch(`${publicUrl}/readyz`).then((r) => r.status === 200, () => false);
    if (ready && fs.existsSync(path.join(cwd, '.latchkey/server.json'))) return;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`server did not start:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function envLines(text: string): Record<string, string> {
  return Object.fromEntries([...text.matchAll(/^(SCALEKIT_[A-Z_]+)=(\S+)$/gm)].map((m) => [m[1], m[2]]));
}

/** The printed client's credentials against the running server's token endpoint. */
async function tokenStatus(lines: Record<string, string>): Promise<number> {
  const res = await fetch(`${lines.SCALEKIT_ENVIRONMENT_URL}/oauth/token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'client_credentials', client_id: lines.SCALEKIT_CLIENT_ID, client_secret: lines.SCALEKIT_CLIENT_SECRET }),
  });
  if (res.status === 200) expect(((await res.json()) as { access_token: string }).access_token).toMatch(/^ey/);
  return res.status;
}

async function tableCount(databaseUrl: string): Promise<number> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query("select count(*)::int as n from information_schema.tables where table_schema = 'public'");
    return r.rows[0].n as number;
  } finally {
    await client.end();
  }
}

describe.each(DIALECTS)('the CLI uses the settings of the server started in the same directory ($name)', (dialect) => {
  it('reads .env in the working directory: the printed client authenticates and printed URLs use PUBLIC_URL', async () => {
    const work = tmpDir();
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const databaseUrl = dialect.databaseUrl ? await freshPostgresDatabase(dialect.databaseUrl) : undefined;
    writeEnvFile(work, {
      PORT: String(port),
      HOST: '127.0.0.1',
      PUBLIC_URL: publicUrl,
      DATA_DIR: './state',
      LOG_LEVEL: 'warn',
      ...(databaseUrl ? { DATABASE_URL: databaseUrl, LATCHKEY_MASTER_KEY: MASTER_KEY } : {}),
    });
    await startServe(work, publicUrl);
    // A relative DATA_DIR means the working directory's.
    if (!databaseUrl) expect(fs.readdirSync(path.join(work, 'state')).sort()).toEqual(expect.arrayContaining(['latchkey.db', 'master.key']));

    const created = await runCli(['clients', 'create', '--env', 'production'], {}, { cwd: work });
    expect(created.code, created.stderr).toBe(0);
    const lines = envLines(created.stdout);
    expect(lines.SCALEKIT_ENVIRONMENT_URL).toBe(publicUrl);
    expect(await tokenStatus(lines)).toBe(200);

    const conn = await runCli(['connections', 'create', '--provider', 'gmail', '--client-id', 'cid', '--client-secret', 'csecret'], {}, { cwd: work });
    expect(conn.code, conn.stderr).toBe(0);
    expect(conn.stdout).toContain(`redirect_uri:  ${publicUrl}/connect/oauth/callback\n`);
    const link = await runCli(['admin', 'login-link'], {}, { cwd: work });
    expect(link.code, link.stderr).toBe(0);
    expect(link.stdout).toMatch(new RegExp(`^${publicUrl}/connect/admin/login/\\S+$`, 'm'));

    // `npm run latchkey -- …` runs in the package root and names the user's directory in INIT_CWD.
    const viaNpm = await runCli(['clients', 'create', '--env', 'development'], { INIT_CWD: work, npm_package_json: path.join(ROOT, 'package.json') }, { cwd: ROOT });
    expect(viaNpm.code, viaNpm.stderr).toBe(0);
    expect(await tokenStatus(envLines(viaNpm.stdout))).toBe(200);
  });

  it("uses the server's record when its settings came from its own shell; real environment variables still win", async () => {
    const work = tmpDir();
    const dataDir = tmpDir();
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const shell: Record<string, string> = { PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: publicUrl, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
    let cliEnv: Record<string, string> = {};
    let password = 'no-password-in-use';
    if (dialect.databaseUrl) {
      const u = new URL(await freshPostgresDatabase(dialect.databaseUrl));
      // A trusting test server gets a made-up password; either way it must never be written down.
      if (!u.password) u.password = 's3cret-pw';
      password = decodeURIComponent(u.password);
      shell.DATABASE_URL = u.toString();
      shell.LATCHKEY_MASTER_KEY = MASTER_KEY;
      cliEnv = { DATABASE_URL: shell.DATABASE_URL, LATCHKEY_MASTER_KEY: MASTER_KEY };
    }
    await startServe(work, publicUrl, shell);
    const record = fs.readFileSync(path.join(work, '.latchkey/server.json'), 'utf8');
    expect(JSON.parse(record)).toMatchObject({ DATA_DIR: dataDir, PUBLIC_URL: publicUrl });
    expect(record).not.toContain(password);

    if (dialect.databaseUrl) {
      // The record names the database, not its password: the CLI says what is missing and changes nothing.
      const refused = await runCli(['clients', 'create', '--env', 'production'], {}, { cwd: work });
      expect(refused.code).toBe(2);
      const withoutPassword = new URL(shell.DATABASE_URL);
      withoutPassword.password = '';
      expect(refused.stderr).toContain(`uses PostgreSQL (${withoutPassword.toString()}), but DATABASE_URL is not set for this command`);
      expect(refused.stderr).not.toContain(password);
    }

    const created = await runCli(['clients', 'create', '--env', 'production'], cliEnv, { cwd: work });
    expect(created.code, created.stderr).toBe(0);
    const lines = envLines(created.stdout);
    expect(lines.SCALEKIT_ENVIRONMENT_URL).toBe(publicUrl);
    expect(await tokenStatus(lines)).toBe(200);

    const overridden = await runCli(['admin', 'login-link'], { ...cliEnv, PUBLIC_URL: 'https://latchkey.example.com' }, { cwd: work });
    expect(overridden.code, overridden.stderr).toBe(0);
    expect(overridden.stdout).toMatch(/^https:\/\/latchkey\.example\.com\/connect\/admin\/login\/\S+$/m);
  });

  it('refuses to act on a data directory that does not exist, and creates nothing', async () => {
    const work = tmpDir();
    const databaseUrl = dialect.databaseUrl ? await freshPostgresDatabase(dialect.databaseUrl) : undefined;
    const env: Record<string, string> = databaseUrl ? { DATABASE_URL: databaseUrl } : {};
    for (const args of [['clients', 'create', '--env', 'production'], ['connections', 'list']]) {
      const r = await runCli(args, env, { cwd: work });
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain(`no Latchkey server data in ${path.join(work, 'data')} (DATA_DIR from the default): `);
      expect(r.stderr).toContain(databaseUrl ? 'no master.key and LATCHKEY_MASTER_KEY is not set' : 'no database (latchkey.db); no master.key');
      expect(r.stderr).toContain(`DATA_DIR=/path/to/the/server's/data`);
      expect(r.stderr).toContain(`${path.join(work, '.env')} (not found)`);
    }
    expect(fs.readdirSync(work)).toEqual([]);
    if (databaseUrl) expect(await tableCount(databaseUrl)).toBe(0);

    // migrate is how a new deployment's data is made.
    const migrated = await runCli(['migrate'], { ...env, LATCHKEY_MASTER_KEY: MASTER_KEY }, { cwd: work });
    expect(migrated.code, migrated.stderr).toBe(0);
    expect(fs.existsSync(path.join(work, 'data', 'latchkey.db'))).toBe(!databaseUrl);
  });
});

describe('the latchkey command', () => {
  it('prints the usage without a command instead of starting a server', async () => {
    const work = tmpDir();
    const bare = await runCli([], { PORT: String(await freePort()) }, { cwd: work });
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('latchkey: no command given');
    expect(bare.stderr).toContain('Usage: npx latchkey <command>');
    expect(bare.stdout).toBe('');
    expect(fs.readdirSync(work)).toEqual([]);

    for (const args of [['--help'], ['help']]) {
      const help = await runCli(args, {}, { cwd: work });
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('  serve                          run the server (what npm start does)');
    }
    const unknown = await runCli(['server'], {}, { cwd: work });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain("latchkey: unknown command 'server'");
  });
});

describe('settings sources', () => {
  it('layers defaults, .env, the server record (CLI only) and the real environment, in that order', () => {
    const work = tmpDir();
    writeEnvFile(work, { PORT: '1111', PUBLIC_URL: 'http://from-file.example', DATA_DIR: './from-file', LOG_LEVEL: 'debug' });

    const server = loadSettings({ useServerRecord: false, cwd: work, env: { PUBLIC_URL: 'http://from-env.example', DATA_DIR: '' } });
    expect(server.config).toMatchObject({ port: 1111, publicUrl: 'http://from-env.example', dataDir: path.join(work, 'from-file'), logLevel: 'debug' });
    expect(server.sourceOf('PUBLIC_URL')).toBe('the environment');
    expect(server.sourceOf('DATA_DIR')).toBe('.env');

    writeServerRecord(work, loadConfig({ PUBLIC_URL: 'http://recorded.example', DATA_DIR: path.join(work, 'recorded') }));
    const cli = loadSettings({ useServerRecord: true, cwd: work, env: { PUBLIC_URL: 'http://from-env.example' } });
    expect(cli.config).toMatchObject({ publicUrl: 'http://from-env.example', dataDir: path.join(work, 'recorded'), port: 1111 });
    expect(cli.sourceOf('DATA_DIR')).toBe('the server record');
    expect(cli.notes).toEqual([expect.stringMatching(new RegExp(`^\\.env sets DATA_DIR=${path.join(work, 'from-file')}, but the server started here at .* uses ${path.join(work, 'recorded')}; using that`))]);

    // The server itself never reads the record it writes.
    expect(loadSettings({ useServerRecord: false, cwd: work, env: {} }).config.dataDir).toBe(path.join(work, 'from-file'));
  });

  it('takes the working directory from INIT_CWD only while npm runs the command in its package root', () => {
    const pkg = { npm_package_json: path.join(ROOT, 'package.json') };
    expect(workingDirectory({ ...pkg, INIT_CWD: '/home/u/app' }, ROOT)).toBe('/home/u/app');
    expect(workingDirectory({ ...pkg, INIT_CWD: '/home/u/app' }, '/srv/other')).toBe('/srv/other');
    expect(workingDirectory({ INIT_CWD: '/home/u/app' }, ROOT)).toBe(path.resolve(ROOT));
  });
});
