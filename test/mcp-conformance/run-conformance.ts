import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

/** One check as the conformance CLI writes it to `checks.json`. */
export interface ConformanceCheck {
  id: string;
  name: string;
  description: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'SKIPPED' | 'INFO';
  errorMessage?: string;
  details?: unknown;
}

export interface ConformanceRun {
  exitCode: number | null;
  /** The CLI's own report, for failure messages. */
  output: string;
  /** Checks by scenario name. */
  scenarios: Map<string, ConformanceCheck[]>;
}

const CLI = createRequire(import.meta.url).resolve('@modelcontextprotocol/conformance/dist/index.js');

/**
 * Runs `conformance server --url <url>` (its default, active suite) under `node`, with
 * `expectedFailures` as its --expected-failures baseline (YAML), and reads back every scenario's checks.json.
 */
export async function runConformanceServer(node: string, url: string, expectedFailures: string): Promise<ConformanceRun> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-conformance-'));
  const outDir = path.join(work, 'results');
  const baseline = path.join(work, 'expected-failures.yml');
  fs.writeFileSync(baseline, expectedFailures);
  try {
    const child = spawn(node, [CLI, 'server', '--url', url, '-o', outDir, '--expected-failures', baseline], {
      stdio: ['ignore', 'pipe', 'pipe'],
      // The whole active suite takes seconds; a hang is a failure, not a stuck run.
      timeout: 90_000,
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
    return { exitCode, output, scenarios: readScenarios(outDir) };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** Results land in `<out>/server-<scenario>-<timestamp>/checks.json`. */
function readScenarios(outDir: string): Map<string, ConformanceCheck[]> {
  const scenarios = new Map<string, ConformanceCheck[]>();
  if (!fs.existsSync(outDir)) return scenarios;
  for (const entry of fs.readdirSync(outDir, { recursive: true, encoding: 'utf8' })) {
    if (path.basename(entry) !== 'checks.json') continue;
    const dir = path.basename(path.dirname(entry));
    const name = dir.replace(/^server-/, '').replace(/-\d{4}-\d{2}-\d{2}T[\d-]+(?:\.\d+)?Z?$/, '');
    scenarios.set(name, JSON.parse(fs.readFileSync(path.join(outDir, entry), 'utf8')) as ConformanceCheck[]);
  }
  return scenarios;
}
