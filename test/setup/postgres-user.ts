import { execFileSync } from 'node:child_process';

export interface RunAs {
  uid?: number;
  gid?: number;
}

/**
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` system user, created
 * (with its group) when the machine has none. Anyone else runs it as themselves.
 */
export function postgresUser(): RunAs {
  if (process.getuid?.() !== 0) return {};
  if (idOf('-u') === undefined) {
    try {
      execFileSync('groupadd', ['--system', 'postgres'], { stdio: 'ignore' });
    } catch {
      /* the group exists already */
    }
    try {
      execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], { stdio: 'pipe' });
    } catch (err) {
      throw new Error(`could not create the 'postgres' user to run PostgreSQL as (PostgreSQL refuses root): ${(err as Error).message}`);
    }
  }
  return { uid: idOf('-u'), gid: idOf('-g') };
}

function idOf(flag: '-u' | '-g'): number | undefined {
  try {
    return Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    return undefined;
  }
}
