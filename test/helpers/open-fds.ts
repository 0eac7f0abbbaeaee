import fs from 'node:fs';

/** Socket inodes of this host's TCP connections whose far end is `port` (from /proc/net/tcp and tcp6). */
function socketInodesTo(port: number): Set<string> {
  const inodes = new Set<string>();
  const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    if (!fs.existsSync(table)) continue;
    for (const line of fs.readFileSync(table, 'utf8').split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      if (cols.length > 9 && cols[2].endsWith(`:${hexPort}`)) inodes.add(cols[9]);
    }
  }
  return inodes;
}

/**
 * This process's open file descriptors, less its connections to the database: PostgreSQL's pool
 * keeps the connections a burst of requests opened (idle ones close after 10 s), which is not a leak.
 */
export function openFdsExceptDatabase(databaseUrl: string | undefined): number {
  const fds = fs.readdirSync('/proc/self/fd');
  if (!databaseUrl) return fds.length;
  const toDatabase = socketInodesTo(Number(new URL(databaseUrl).port || 5432));
  let n = 0;
  for (const fd of fds) {
    let target = '';
    try {
      target = fs.readlinkSync(`/proc/self/fd/${fd}`);
    } catch {
      continue; // closed while we looked
    }
    const inode = /^socket:\[(\d+)\]$/.exec(target)?.[1];
    if (!inode || !toDatabase.has(inode)) n++;
  }
  return n;
}
