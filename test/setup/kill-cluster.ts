import fs from 'node:fs';
import path from 'node:path';

/**
 * Stops everything of a data directory at once, synchronously (an `exit` handler cannot await): an
 * initdb still filling it, and the postmaster with SIGQUIT, PostgreSQL's immediate shutdown.
 */
export function killCluster(dataDir: string): void {
  // initdb runs a bootstrap postgres (through sh) that writes into the directory too.
  for (const pid of withDescendants(processesWhoseArgsInclude(`--pgdata=${dataDir}`))) signal(pid, 'SIGKILL');
  const pid = postmasterPid(dataDir);
  if (pid !== undefined && isPostgres(pid) && signal(pid, 'SIGQUIT')) waitUntilGone(pid, 3000);
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false; // already gone
  }
}

function postmasterPid(dataDir: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** A stale postmaster.pid may name a pid reused since (after a reboot): only signal a postgres. */
function isPostgres(pid: number): boolean {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres');
  } catch {
    return !fs.existsSync('/proc'); // no procfs (macOS): trust the pid file
  }
}

function allPids(): number[] {
  try {
    return fs.readdirSync('/proc').filter((p) => /^\d+$/.test(p)).map(Number);
  } catch {
    return []; // no procfs
  }
}

function processesWhoseArgsInclude(text: string): number[] {
  return allPids().filter((p) => readOrEmpty(`/proc/${p}/cmdline`).split('\0').includes(text));
}

function withDescendants(roots: number[]): number[] {
  if (!roots.length) return [];
  const parentOf = new Map(allPids().map((p) => [p, Number(readOrEmpty(`/proc/${p}/stat`).split(') ')[1]?.split(' ')[1])]));
  const found = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parentOf) {
      if (found.has(ppid) && !found.has(pid)) {
        found.add(pid);
        grew = true;
      }
    }
  }
  return [...found];
}

/** The postmaster outlives its backends, so its end is the cluster's end. */
function waitUntilGone(pid: number, ms: number): void {
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (const end = Date.now() + ms; Date.now() < end && isRunning(pid); ) Atomics.wait(pause, 0, 0, 20);
}

/** A zombie counts as gone: our exited child is only reaped by the event loop, which an `exit` handler never reaches. */
function isRunning(pid: number): boolean {
  const status = readOrEmpty(`/proc/${pid}/status`);
  if (status) return !/^State:\s+Z/m.test(status);
  if (fs.existsSync('/proc')) return false;
  return signal(pid, 0 as unknown as NodeJS.Signals);
}

function readOrEmpty(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
