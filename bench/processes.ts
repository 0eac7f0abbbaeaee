/**
 * The benches' process plumbing: each server runs in its own child (`--role=…` of the bench's own
 * script), announces itself as one JSON line on stdout, and its CPU time is read from /proc.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

export const roleOf = (argv = process.argv) => argv.find((a) => a.startsWith('--role='))?.slice('--role='.length) ?? 'bench';

/** Tells the parent where this child listens (and anything else it needs), as one JSON line. */
export const announce = (info: Record<string, unknown>) => process.stdout.write(`${JSON.stringify(info)}\n`);

/** utime + stime of a process in ms (Linux /proc, clock ticks of 10 ms); NaN elsewhere. */
export function cpuMs(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return NaN;
  }
}

/** Starts `script --role=<role> …extra` under the same node flags (tsx) and waits for its announcement. */
export function startRole(scriptUrl: string, role: string, extra: string[] = [], nodeFlags: string[] = []): Promise<{ child: ChildProcess; info: Record<string, unknown> }> {
  const child = spawn(process.execPath, [...process.execArgv, ...nodeFlags, fileURLToPath(scriptUrl), `--role=${role}`, ...extra], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let buf = '';
    child.stdout!.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) resolve({ child, info: JSON.parse(buf.slice(0, nl)) as Record<string, unknown> });
    });
    child.once('exit', (code) => reject(new Error(`${role} exited with ${code}`)));
  });
}

/** A port free right now (PUBLIC_URL, the token issuer, must be known before the server listens). */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}
