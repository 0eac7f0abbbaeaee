import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import type { RunAs } from './postgres-user.js';

const ENV = { ...process.env, LC_ALL: 'C' }; // English messages: we wait for one of them

/** A new cluster in `dataDir`, superuser `postgres` with `password` (over TCP and the socket alike). */
export async function initdb(initdbBin: string, root: string, dataDir: string, password: string, runAs: RunAs): Promise<void> {
  const pwfile = path.join(root, 'pwfile');
  fs.writeFileSync(pwfile, password + '\n', { mode: 0o600 });
  if (runAs.uid !== undefined) fs.chownSync(pwfile, runAs.uid, runAs.gid!);
  fs.mkdirSync(dataDir, { mode: 0o700 });
  if (runAs.uid !== undefined) fs.chownSync(dataDir, runAs.uid, runAs.gid!);
  const args = [`--pgdata=${dataDir}`, '--username=postgres', '--auth=scram-sha-256', `--pwfile=${pwfile}`, '--encoding=UTF8', '--locale=C', '--no-sync'];
  try {
    await promisify(execFile)(initdbBin, args, { ...runAs, cwd: root, env: ENV });
  } catch (err) {
    throw new Error(`initdb failed: ${(err as { stderr?: string }).stderr?.trim() || (err as Error).message}`);
  } finally {
    fs.rmSync(pwfile, { force: true });
  }
}

/** Resolves once the server says it accepts connections; rejects with its last words if it exits first. */
export function startServer(postgresBin: string, args: string[], root: string, runAs: RunAs): Promise<ChildProcess> {
  const child = spawn(postgresBin, args, { ...runAs, cwd: root, env: ENV, stdio: ['ignore', 'ignore', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-4000);
      if (output.includes('database system is ready to accept connections')) resolve(child);
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => reject(new Error(`postgres exited (${signal ?? code}) while starting: ${output.trim()}`)));
  });
}
