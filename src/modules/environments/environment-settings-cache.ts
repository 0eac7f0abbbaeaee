import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';

/**
 * How stale an environment's settings may be in this process after a write made elsewhere (the CLI,
 * another replica, a direct database edit). Writes through this process are seen at once.
 */
export const ENVIRONMENT_SETTINGS_TTL_MS = 5_000;
/** Environments are few; the bound only keeps a pathological caller from growing the map. */
const MAX_ENTRIES = 1_000;

interface Entry<T> {
  /** Which database handle read it: several servers in one process (tests) never share settings. */
  dbId: number;
  expires: number;
  value: Promise<T>;
}

const entries = new Map<string, Entry<unknown>>();
const dbIds = new WeakMap<object, number>();
let nextDbId = 1;

const idOf = (db: Kysely<Tables>): number => {
  let id = dbIds.get(db);
  if (id === undefined) dbIds.set(db, (id = nextDbId++));
  return id;
};

/** `load()`'s answer for (db, envId), shared by concurrent callers and kept for the TTL; a failure is not kept. */
export function cachedSettings<T>(db: Kysely<Tables>, envId: string, load: () => Promise<T>): Promise<T> {
  const dbId = idOf(db);
  const hit = entries.get(envId);
  if (hit && hit.dbId === dbId && hit.expires > Date.now()) return hit.value as Promise<T>;
  const value = load();
  const entry: Entry<unknown> = { dbId, expires: Date.now() + ENVIRONMENT_SETTINGS_TTL_MS, value };
  if (entries.size >= MAX_ENTRIES) entries.delete(entries.keys().next().value as string);
  entries.set(envId, entry);
  // Stored before it settles: a write meanwhile deletes it, so what was read before a write is never kept.
  value.catch(() => entries.get(envId) === entry && entries.delete(envId));
  return value;
}

/**
 * Forgets an environment's settings, whichever database handle read them (a write inside a
 * transaction uses another handle than the readers). Called by every write through this process,
 * before and after its statement; inside a transaction the second call precedes the commit, so a
 * read in that gap may keep the old value for one TTL (only environment creation writes so).
 */
export function forgetEnvironmentSettings(envId?: string): void {
  if (envId === undefined) entries.clear();
  else entries.delete(envId);
}
