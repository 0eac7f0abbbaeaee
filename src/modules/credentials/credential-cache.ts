import type { AccountCredentials } from '../accounts/account.js';
import type { UsableCredentials } from './credential-source.js';

/** How long decrypted credentials are served without reading the row again. */
export const CACHE_TTL_MS = 5_000;
/** Bound on cached accounts; the oldest entry goes first. */
export const CACHE_MAX_ENTRIES = 10_000;

interface Entry {
  usable: UsableCredentials;
  storedAt: number;
}

/**
 * Decrypted credentials per account, for CACHE_TTL_MS. Entries are keyed to `credentials_version`:
 * a row read at another version replaces the entry, and an older version never replaces a newer
 * one (a slow read racing a refresh cannot bring back a rotated-away token).
 */
export class CredentialCache {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly ttlMs = CACHE_TTL_MS,
    private readonly maxEntries = CACHE_MAX_ENTRIES,
  ) {}

  /** The entry if still within its TTL. */
  fresh(key: string, now: number): UsableCredentials | undefined {
    const e = this.entries.get(key);
    return e && now - e.storedAt < this.ttlMs ? e.usable : undefined;
  }

  /** Decrypted credentials at exactly `version`, however old the entry: they cannot have changed. */
  credentialsAt(key: string, version: number): AccountCredentials | undefined {
    const e = this.entries.get(key);
    return e && e.usable.version === version ? e.usable.credentials : undefined;
  }

  put(key: string, usable: UsableCredentials, now: number): void {
    const e = this.entries.get(key);
    if (e && e.usable.version > usable.version) return;
    this.entries.delete(key);
    this.entries.set(key, { usable, storedAt: now });
    if (this.entries.size > this.maxEntries) this.entries.delete(this.entries.keys().next().value as string);
  }

  delete(key: string): void {
    this.entries.delete(key);
  }
}
