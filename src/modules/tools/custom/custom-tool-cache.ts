import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { allCustomToolRows } from './custom-tool-store.js';
import { customToolFromRow, type CustomTool } from './custom-tool.js';

/** As long as modifiers are cached: a change made by the CLI or another replica shows within it. */
export const CUSTOM_TOOLS_TTL_MS = 5_000;

export interface CustomToolSet {
  tools: CustomTool[];
  /** Memo for whatever is derived from this set (the environment's merged registry). */
  derived: WeakMap<object, unknown>;
}
interface Entry {
  expires: number;
  set: Promise<CustomToolSet>;
}

// Per database handle, so several servers in one process (tests) never share tools.
const caches = new WeakMap<Kysely<Tables>, Map<string, Entry>>();

/** The environment's custom tools (every version), read at most once per TTL, and at once after a write here. */
export function cachedCustomTools(db: Kysely<Tables>, envId: string): Promise<CustomToolSet> {
  let envs = caches.get(db);
  if (!envs) caches.set(db, (envs = new Map()));
  let entry = envs.get(envId);
  if (!entry || entry.expires <= Date.now()) {
    const loading = allCustomToolRows(db, envId).then((rows) => ({ tools: rows.map(customToolFromRow), derived: new WeakMap() }));
    entry = { expires: Date.now() + CUSTOM_TOOLS_TTL_MS, set: loading };
    envs.set(envId, entry);
    // A failed load is not cached: the next call tries again.
    const mine = entry;
    loading.catch(() => envs!.get(envId) === mine && envs!.delete(envId));
  }
  return entry.set;
}

/** Called by every write through this process, so its next listing or execution sees the change. */
export function forgetCustomTools(db: Kysely<Tables>, envId: string): void {
  caches.get(db)?.delete(envId);
}
