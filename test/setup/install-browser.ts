import { spawnSync } from 'node:child_process';
import { findBrowser } from './find-browser.js';

/**
 * Makes sure the browser tests have a Chromium, once per run (here, before workers start, so they do
 * not race). Only a package registry is used: Debian's apt, when we are root and it exists. When
 * nothing can be found or installed, the browser tests fail with one line naming what to install.
 */
export function ensureBrowser(): void {
  if (findBrowser()) return;
  if (process.platform !== 'linux' || process.getuid?.() !== 0 || !hasAptGet()) return;
  console.log('[test setup] no Chromium on PATH: installing Debian\'s chromium with apt-get (once)…');
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update', '-qq'], ['install', '-y', '-qq', '--no-install-recommends', 'chromium']]) {
    const r = spawnSync('apt-get', args, { env, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
    if (r.status !== 0) {
      console.warn(`[test setup] apt-get ${args[0]} failed: ${(r.stderr ?? '').trim().split('\n').pop()}`);
      return;
    }
  }
}

function hasAptGet(): boolean {
  return spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status === 0;
}
