import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import type { ChangeFeed } from '../../changes/change-feed.js';
import { resolveAccount, type AccountAddress, type ResolvedAccount } from './steps/resolve-account.js';

/** As long as the Tool Proxy keeps a resolved target: a change made by the CLI or another replica shows within it. */
export const RESOLVED_ACCOUNT_TTL_MS = 5_000;
const MAX_ENTRIES = 100_000;

/**
 * ExecuteTool's account resolution, cached so that a warm call reads no database: every change
 * this process makes in an environment (an account revoked, re-authorized, created or deleted; a
 * connection changed) drops that environment's entries at once. A stale ACTIVE row can do no harm
 * either way: the credential source re-checks the account's status on each read it makes.
 * Failures are not cached.
 */
export class ResolvedAccounts {
  private readonly entries = new Map<string, { value: ResolvedAccount; expiresAt: number }>();
  /** Bumped by every change: a read that began before one is not kept (it may predate the change). */
  private generation = 0;

  constructor(
    private readonly db: Kysely<Tables>,
    changes: ChangeFeed | undefined,
    private readonly ttlMs = RESOLVED_ACCOUNT_TTL_MS,
  ) {
    changes?.subscribe((change) => this.forgetEnvironment(change.envId));
  }

  async resolve(envId: string, tool: { name: string; provider: string }, a: AccountAddress): Promise<ResolvedAccount> {
    const key = `${envId}\n${tool.name}\n${tool.provider}\n${a.connectedAccountId ?? ''}\n${a.connector ?? ''}\n${a.identifier ?? ''}\n${a.organizationId ?? ''}\n${a.userId ?? ''}`;
    const hit = this.entries.get(key);
    const now = Date.now();
    if (hit && hit.expiresAt > now) return hit.value;
    const generation = this.generation;
    const value = await resolveAccount(this.db, envId, tool, a);
    if (generation !== this.generation) return value;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { value, expiresAt: now + this.ttlMs });
    return value;
  }

  forgetEnvironment(envId: string): void {
    this.generation++;
    const prefix = `${envId}\n`;
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
