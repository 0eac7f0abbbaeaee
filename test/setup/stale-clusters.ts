import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { killCluster } from './kill-cluster.js';

const PREFIX = 'latchkey-test-pg-';

/** A fresh directory for this run's cluster, named after our pid so a later run can tell leftovers. */
export function newClusterRoot(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${PREFIX}${process.pid}-`));
}

/**
 * A run killed with SIGKILL cannot clean up: its cluster keeps running and its directory stays. The
 * next run removes every such directory whose owning process is gone, killing its cluster first.
 * Runs whose process is alive (other test runs on the machine) are left alone.
 */
export function removeStaleClusters(): void {
  for (const name of fs.readdirSync(os.tmpdir())) {
    const owner = /^latchkey-test-pg-(\d+)-/.exec(name)?.[1];
    if (!owner || isAlive(Number(owner))) continue;
    const root = path.join(os.tmpdir(), name);
    killCluster(path.join(root, 'data'));
    removeDir(root);
  }
}

/** Never throws: it runs in signal and exit handlers, and a leftover is removed by the next run anyway. */
export function removeDir(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 50 });
  } catch (err) {
    console.warn(`[test setup] could not remove ${dir}: ${(err as Error).message}`);
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
