import type { ChangeFeed } from '../changes/change-feed.js';
import type { Logger } from '../../logging/logger.js';
import type { Storage } from '../../storage/database.js';
import type { ConnectedAccountRow } from '../../storage/schema.js';
import { accountFromRow } from '../accounts/account.js';
import { readAccountCredentials } from '../accounts/account-credentials.js';
import type { OutboundFetcher } from '../egress/outbound-fetch.js';
import { notFound } from '../errors/domain-error.js';
import type { Vault } from '../vault/vault.js';
import { ConcurrencyLimit } from './concurrency-limit.js';
import { CredentialCache, CACHE_TTL_MS } from './credential-cache.js';
import type { CredentialSource, UsableCredentials } from './credential-source.js';
import { refreshAccount, type RefreshResult, type RefreshWant } from './refresh-account.js';
import { accountExpiredByProvider, accountNotActive, noCredentials, refreshUnavailable, staticCredentialsRejected } from './refresh-errors.js';
import { isLockTimeout } from './refresh-lock.js';
import { needsRefreshAhead } from './refresh-timing.js';
import { SingleFlight } from './single-flight.js';

/**
 * Refreshes of different accounts running at once in one process. Each holds a database
 * connection for the length of its token request; a burst of expiries must not take the whole
 * pool (10 on PostgreSQL) from the requests that only read.
 */
export const MAX_CONCURRENT_REFRESHES = 4;

export interface CredentialServiceOptions {
  storage: Storage;
  vault: Vault;
  /** Outbound fetch (extra CAs, no redirects, SSRF guard per environment) used for the token endpoint. */
  outbound: OutboundFetcher;
  log: Logger;
  /** How long decrypted credentials are reused without reading the row; default CACHE_TTL_MS. */
  cacheTtlMs?: number;
  /** Account changes made by this process, which drop the account's cached credentials at once. */
  changes?: ChangeFeed;
}

/**
 * The CredentialSource: credentials of ACTIVE accounts, OAuth tokens refreshed ahead of expiry
 * and after an upstream 401. One refresh per account at a time: in this process through a
 * single-flight map, across replicas through the account row lock (refresh-lock.ts).
 */
export class CredentialService implements CredentialSource {
  private readonly cache: CredentialCache;
  private readonly flights = new SingleFlight<UsableCredentials>();
  private readonly slots = new ConcurrencyLimit(MAX_CONCURRENT_REFRESHES);
  private readonly log: Logger;

  constructor(private readonly opts: CredentialServiceOptions) {
    this.cache = new CredentialCache(opts.cacheTtlMs ?? CACHE_TTL_MS);
    this.log = opts.log.child({ module: 'credentials' });
    opts.changes?.subscribe((change) => {
      if (change.kind === 'account') this.invalidate(change.envId, change.accountId);
    });
  }

  /** Cached credentials that need no refresh yet, synchronously (the proxy's hot path); else undefined. */
  cachedUsable(envId: string, accountId: string): UsableCredentials | undefined {
    const now = Date.now();
    const cached = this.cache.fresh(cacheKey(envId, accountId), now);
    return cached && !needsRefreshAhead(cached, now) ? cached : undefined;
  }

  async getUsable(envId: string, accountId: string): Promise<UsableCredentials> {
    const key = cacheKey(envId, accountId);
    const cached = this.cache.fresh(key, Date.now());
    if (cached && !needsRefreshAhead(cached, Date.now())) return cached;
    const usable = await this.usableFrom(key, await this.loadRow(envId, accountId));
    if (!needsRefreshAhead(usable, Date.now())) {
      this.cache.put(key, usable, Date.now());
      return usable;
    }
    // A slow read may predate a refresh this process just finished.
    const newer = this.cache.fresh(key, Date.now());
    if (newer && newer.version > usable.version && !needsRefreshAhead(newer, Date.now())) return newer;
    return this.refresh(envId, accountId, { kind: 'ahead' });
  }

  async refreshAfterUnauthorized(envId: string, accountId: string, usedVersion: number): Promise<UsableCredentials> {
    const key = cacheKey(envId, accountId);
    const cached = this.cache.fresh(key, Date.now());
    if (cached && cached.version > usedVersion) return cached;
    // Checked before locking too: after a refresh elsewhere (or an EXPIRED marking), a 401 storm
    // is answered from a plain read instead of queueing on the row lock.
    const row = await this.loadRow(envId, accountId);
    if (row.status !== 'ACTIVE' || row.credentials_version > usedVersion) {
      const current = await this.usableFrom(key, row);
      this.cache.put(key, current, Date.now());
      return current;
    }
    const usable = await this.refresh(envId, accountId, { kind: 'after_401', usedVersion });
    // Same version back: nothing could be refreshed (static credentials).
    if (usable.version <= usedVersion) throw staticCredentialsRejected(usable.account);
    return usable;
  }

  /** Drops cached credentials, for modules that change an account (disconnect, re-authorize) in this process. */
  invalidate(envId: string, accountId: string): void {
    this.cache.delete(cacheKey(envId, accountId));
  }

  /** Callers with the same account and reason share one refresh; different reasons queue on the row lock. */
  private refresh(envId: string, accountId: string, want: RefreshWant): Promise<UsableCredentials> {
    const key = cacheKey(envId, accountId);
    const flightKey = want.kind === 'ahead' ? `${key}|ahead` : `${key}|401@${want.usedVersion}`;
    return this.flights.run(flightKey, async () => {
      let result: RefreshResult;
      try {
        result = await this.slots.run(() => refreshAccount({ ...this.opts, log: this.log }, envId, accountId, want));
      } catch (err) {
        if (!isLockTimeout(err)) throw err;
        this.log.warn({ envId, accountId }, 'gave up waiting for another refresh of this account');
        throw refreshUnavailable({ identifier: accountId, status: 'ACTIVE' }, 'another replica is still refreshing it');
      }
      if (result.kind === 'expired') {
        this.cache.delete(key);
        throw accountExpiredByProvider({ identifier: result.row.identifier, status: 'EXPIRED' }, result.error);
      }
      if (result.kind === 'current') this.log.debug({ envId, accountId, version: result.row.credentials_version }, 'refresh not needed after lock');
      const usable = await this.usableFrom(key, result.row);
      this.cache.put(key, usable, Date.now());
      return usable;
    });
  }

  private async loadRow(envId: string, accountId: string): Promise<ConnectedAccountRow> {
    const row = await this.opts.storage.db
      .selectFrom('connected_accounts')
      .selectAll()
      .where('environment_id', '=', envId)
      .where('id', '=', accountId)
      .executeTakeFirst();
    if (!row) throw notFound('connected account', accountId);
    return row;
  }

  /** The row as usable credentials; throws failed_precondition unless ACTIVE with credentials. */
  private async usableFrom(key: string, row: ConnectedAccountRow): Promise<UsableCredentials> {
    if (row.status !== 'ACTIVE') {
      this.cache.delete(key);
      throw accountNotActive(row);
    }
    const credentials = this.cache.credentialsAt(key, row.credentials_version) ?? (await readAccountCredentials(this.opts.vault, row));
    if (!credentials) throw noCredentials(row);
    return { account: accountFromRow(row), credentials: Object.freeze(credentials), version: row.credentials_version };
  }
}

const cacheKey = (envId: string, accountId: string) => `${envId}/${accountId}`;
