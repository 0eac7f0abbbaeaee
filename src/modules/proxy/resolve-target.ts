import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import { connectionFromRow } from '../connections/connection.js';
import { getConnectionRow } from '../connections/connections.js';
import { DomainError } from '../errors/domain-error.js';
import type { AuthPattern } from '../providers/definition/provider-definition.js';
import { findProvider } from '../providers/provider-registry.js';
import type { AllowList } from '../egress/ssrf-guard.js';
import { environmentAllowList } from '../egress/environment-allow-list.js';

/** Everything but the credentials a proxied call needs to know about its connection and account. */
export interface ProxyTarget {
  connectionId: string;
  connectionName: string;
  timeoutMs: number;
  pattern: AuthPattern;
  proxyUrl: string;
  accountId: string;
  identifier: string;
  allow: AllowList;
}

/** How long a resolved connection/account/provider/allow-list is reused. */
export const TARGET_TTL_MS = 5_000;

/**
 * Resolves (connection name, identifier) within an environment, caching the answer briefly:
 * connections, provider definitions and allow-lists change rarely, and the account's status is
 * re-checked through the credential source.
 */
export class ProxyTargetResolver {
  private readonly entries = new Map<string, { target: ProxyTarget; expiresAt: number }>();

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly ttlMs = TARGET_TTL_MS,
  ) {}

  /** Forgets what was resolved in `envId` (its connections, providers, accounts or settings changed). */
  forgetEnvironment(envId: string): void {
    const prefix = `${envId}\n`;
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  /** The cached target, synchronously, or a promise of it (the hot path skips a promise on hits). */
  resolve(envId: string, connectionName: string, identifier: string): ProxyTarget | Promise<ProxyTarget> {
    const key = `${envId}\n${connectionName}\n${identifier}`;
    const hit = this.entries.get(key);
    return hit && hit.expiresAt > Date.now() ? hit.target : this.fetch(key, envId, connectionName, identifier);
  }

  private async fetch(key: string, envId: string, connectionName: string, identifier: string): Promise<ProxyTarget> {
    const now = Date.now();
    const target = await this.load(envId, connectionName, identifier);
    if (this.entries.size >= 100_000) this.entries.clear();
    this.entries.set(key, { target, expiresAt: now + this.ttlMs });
    return target;
  }

  private async load(envId: string, connectionName: string, identifier: string): Promise<ProxyTarget> {
    const row = await getConnectionRow(this.db, envId, { name: connectionName });
    const connection = connectionFromRow(row);
    if (!connection.enabled) {
      throw new DomainError('failed_precondition', `connection '${connectionName}' is disabled; enable it before calling through it`, { reason: 'CONNECTION_DISABLED' });
    }
    const [provider, account, allow] = await Promise.all([
      findProvider(this.db, envId, row.provider_key).catch((err) => {
        throw err instanceof DomainError && err.code === 'not_found'
          ? new DomainError('failed_precondition', `connection '${connectionName}' uses provider '${row.provider_key}', which no longer exists`, { reason: 'CONNECTION_PROVIDER_MISSING' })
          : err;
      }),
      this.db
        .selectFrom('connected_accounts')
        .select(['id', 'auth_type'])
        .where('environment_id', '=', envId)
        .where('connection_id', '=', row.id)
        .where('identifier', '=', identifier)
        .executeTakeFirst(),
      environmentAllowList(this.db, envId),
    ]);
    if (!account) {
      throw new DomainError(
        'not_found',
        `connected account '${identifier}' was not found for connection '${connectionName}'; create it first (actions.getOrCreateConnectedAccount) and have the user authorize it`,
        { reason: 'CONNECTED_ACCOUNT_NOT_FOUND' },
      );
    }
    const pattern = provider.definition.auth_patterns.find((p) => p.type === account.auth_type) ?? provider.definition.auth_patterns.find((p) => p.type === row.auth_type);
    if (!pattern) {
      throw new DomainError('failed_precondition', `provider '${provider.identifier}' no longer offers the ${account.auth_type} auth type of connection '${connectionName}'`, {
        reason: 'CONNECTION_PROVIDER_MISSING',
      });
    }
    return {
      connectionId: row.id,
      connectionName,
      timeoutMs: connection.timeoutMs,
      pattern,
      // A connection may aim at its own instance (GitHub Enterprise, a sandbox); checked like the provider's when saved.
      proxyUrl: connection.proxyUrl ?? provider.definition.proxy_url,
      accountId: account.id,
      identifier,
      allow,
    };
  }
}
