import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { DIALECTS, freshPostgresDatabase } from '../helpers/test-server.js';

/** The README's `my-asana.json` (the seed's OAuth payload). */
const MY_ASANA = {
  display_name: 'My Asana',
  description: 'Connect to Asana. Manage tasks, projects, teams, and workflow automation',
  auth_patterns: [
    {
      type: 'OAUTH',
      display_name: 'OAuth 2.0',
      description: 'Authenticate with Asana using OAuth 2.0 for comprehensive project management',
      fields: [],
      oauth_config: {
        authorize_uri: 'https://app.asana.com/-/oauth_authorize',
        token_uri: 'https://app.asana.com/-/oauth_token',
        user_info_uri: 'https://app.asana.com/api/1.0/users/me',
        available_scopes: [
          { scope: 'profile', display_name: 'Profile', description: 'Access user profile information', required: true },
          { scope: 'email', display_name: 'Email', description: 'Access user email address', required: true },
        ],
      },
    },
  ],
  proxy_url: 'https://app.asana.com/api',
  proxy_enabled: true,
};

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-promotion-cli-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

for (const dialect of DIALECTS) {
  describe(`latchkey providers diff/promote (${dialect.name})`, () => {
    /** The user's directory: `npm run latchkey` runs in the package root and says where the user was in INIT_CWD. */
    const userDir = path.join(root, dialect.name);
    let env: Record<string, string>;
    // As `npm run` starts it: in the package root, with npm_package_json naming it and INIT_CWD the user's directory.
    const packageRoot = path.join(root, `${dialect.name}-package`);
    const cli = (...args: string[]) => runCli(['providers', ...args], env, { cwd: packageRoot });
    const writeAsana = (def: unknown) => fs.writeFileSync(path.join(userDir, 'my-asana.json'), JSON.stringify(def));

    beforeAll(async () => {
      fs.mkdirSync(userDir, { recursive: true });
      fs.mkdirSync(packageRoot, { recursive: true });
      env = { DATA_DIR: path.join(userDir, 'data'), LOG_LEVEL: 'warn', INIT_CWD: userDir, npm_package_json: path.join(packageRoot, 'package.json') };
      if (dialect.databaseUrl) env.DATABASE_URL = await freshPostgresDatabase(dialect.databaseUrl);
      // The CLI works on an existing deployment's data; `migrate` prepares one.
      expect((await runCli(['migrate'], env)).code).toBe(0);
    }, 60_000);

    it('reads --file relative to INIT_CWD, not the directory the CLI runs in', { timeout: 120_000 }, async () => {
      writeAsana(MY_ASANA);
      expect(fs.existsSync(path.join(packageRoot, 'my-asana.json'))).toBe(false);
      const created = await cli('create', '--file', 'my-asana.json');
      expect(created.stderr).toBe('');
      expect(JSON.parse(created.stdout)).toMatchObject({ identifier: 'my_asana', provider_type: 'CUSTOM' });

      const elsewhere = await runCli(['providers', 'create', '--file', 'my-asana.json'], { ...env, INIT_CWD: path.join(root, 'nowhere') }, { cwd: packageRoot });
      expect(elsewhere.code).toBe(2);
      expect(elsewhere.stderr).toContain(`cannot read ${path.join(root, 'nowhere', 'my-asana.json')} as JSON`);
    });

    // Each run spawns the CLI through tsx (seconds apiece on a loaded machine); host comparisons are covered in promotion.test.ts.
    it('says so when production has no custom providers, then promotes only with confirmation of new hosts', { timeout: 180_000 }, async () => {
      const empty = await cli('list', '--env', 'production', '--type', 'CUSTOM');
      expect(empty.code).toBe(0);
      expect(empty.stdout).toMatch(/^no custom providers in production/);

      const diff = await cli('diff', 'my_asana', '--from', 'development', '--to', 'production');
      expect(diff.code).toBe(0);
      expect(diff.stdout).toContain('my_asana: development → production: create (dry run)');
      expect(diff.stdout).toContain('credentials would go to new hosts (promote needs --confirm-destination-change):');
      expect(diff.stdout).toContain('  proxy_url: (none) → https://app.asana.com');
      expect(diff.stdout).toContain('  auth_patterns[0].oauth_config.token_uri: (none) → https://app.asana.com');

      const refused = await cli('promote', 'my_asana', '--from', 'development', '--to', 'production');
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain("creating 'my_asana' in production from development changes where credentials are sent");
      expect(refused.stderr).toContain('--confirm-destination-change');
      // "created", not "updated": the refusal wrote nothing.
      const created = await cli('promote', 'my_asana', '--from', 'development', '--to', 'production', '--confirm-destination-change');
      expect(created.code).toBe(0);
      expect(created.stdout).toContain('development → production: created');
      expect(created.stdout).toContain('credentials now go to new hosts:\n  proxy_url: (none) → https://app.asana.com');
      expect((await cli('list', '--env', 'production', '--type', 'CUSTOM')).stdout.trim()).toBe('my_asana\tCUSTOM\tMy Asana\tOAUTH');
    });
  });
}
