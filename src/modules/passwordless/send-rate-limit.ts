import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { newId } from '../../storage/ids.js';
import { DomainError } from '../errors/domain-error.js';
import type { PasswordlessLimits } from './passwordless-limits.js';
import type { SendOrigin } from './passwordless-types.js';

const sourceKey = (o: SendOrigin): string => ('ip' in o ? `ip:${o.ip}` : `client:${o.clientId}`);

const exhausted = (what: string, retryAfter: number) =>
  new DomainError('resource_exhausted', `too many passwordless emails ${what}; retry after ${retryAfter} seconds`, { reason: 'PASSWORDLESS_RATE_LIMITED' });

/**
 * Refuses the send when the address or the source used up its window, else records it. Counted in
 * the database, so every replica sees the same sends (two racing sends may both pass at the edge).
 */
export async function takeSendAllowance(db: Kysely<Tables>, limits: PasswordlessLimits, envId: string, email: string, origin: SendOrigin, now: number): Promise<void> {
  const source = sourceKey(origin);
  const perSource = 'ip' in origin ? limits.perIp : limits.perClient;
  const checks = [
    { what: 'to this address', limit: limits.perEmail, q: db.selectFrom('passwordless_sends').where('environment_id', '=', envId).where('email', '=', email) },
    { what: 'from this source', limit: perSource, q: db.selectFrom('passwordless_sends').where('source', '=', source) },
  ];
  for (const { what, limit, q } of checks) {
    const since = new Date(now - limit.windowSeconds * 1000).toISOString();
    const recent = await q.select('created_at').where('created_at', '>', since).orderBy('created_at', 'desc').limit(limit.max).execute();
    if (recent.length >= limit.max) {
      // The oldest of the last `max` sends leaves the window first.
      const oldest = Date.parse(recent[recent.length - 1].created_at);
      throw exhausted(what, Math.max(1, Math.ceil((oldest + limit.windowSeconds * 1000 - now) / 1000)));
    }
  }
  const longest = Math.max(limits.perEmail.windowSeconds, limits.perIp.windowSeconds, limits.perClient.windowSeconds);
  await db.deleteFrom('passwordless_sends').where('created_at', '<', new Date(now - longest * 1000).toISOString()).execute();
  await db.insertInto('passwordless_sends').values({ id: newId('pws'), environment_id: envId, email, source, created_at: new Date(now).toISOString() }).execute();
}
