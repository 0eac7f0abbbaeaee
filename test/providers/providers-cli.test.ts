import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { authPatternPayloadTexts } from '../fixtures/docs/published-docs.js';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-providers-cli-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const seedPayloads = authPatternPayloadTexts;

describe('latchkey providers', () => {
  it('creates from a seed JSON file, diffs, promotes idempotently, lists and deletes', async () => {
    const env = { DATA_DIR: path.join(dir, 'data'), LOG_LEVEL: 'warn' };
    const file = path.join(dir, 'freshdesk.json');
    fs.writeFileSync(file, seedPayloads()[2]);
    // Only serve and migrate create a data directory; the other commands need an existing one.
    expect((await runCli(['migrate'], env)).code).toBe(0);

    const created = await runCli(['providers', 'create', '--file', file], env);
    expect(created.code).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ identifier: 'my_freshdesk', provider_type: 'CUSTOM', proxy_url: 'https://{{domain}}/api' });

    const diff = await runCli(['providers', 'diff', 'my_freshdesk', '--from', 'development', '--to', 'production'], env);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('my_freshdesk: development → production: create (dry run)');
    expect(diff.stdout).toContain('proxy_url: undefined → "https://{{domain}}/api"');

    const first = await runCli(['providers', 'promote', 'my_freshdesk', '--from', 'development', '--to', 'production', '--confirm-destination-change'], env);
    expect(first.stdout).toContain('development → production: created');
    const second = await runCli(['providers', 'promote', 'my_freshdesk', '--from', 'development', '--to', 'production'], env);
    expect(second.stdout).toContain('already identical, nothing to do');

    const list = await runCli(['providers', 'list', '--env', 'production', '--type', 'CUSTOM'], env);
    expect(list.stdout.trim()).toBe('my_freshdesk\tCUSTOM\tMy Freshdesk\tBASIC');

    const del = await runCli(['providers', 'delete', 'my_freshdesk', '--env', 'production'], env);
    expect(del.code).toBe(0);
    const bad = await runCli(['providers', 'create', '--file', path.join(dir, 'missing.json')], env);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('cannot read');
  });
});
