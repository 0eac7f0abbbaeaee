import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import type { ModifierRule } from './modifier-rule.js';
import { allModifierRows } from './modifier-store.js';

/** As long as the Tool Proxy caches targets: a change made by the CLI or another replica shows within it. */
export const MODIFIER_TTL_MS = 5_000;

type Rules = Map<string, ModifierRule>;
interface Entry {
  expires: number;
  rules: Promise<Rules>;
}

const ruleKey = (toolName: string, scope: string) => `${toolName}\u0000${scope}`;

// Per database handle, so several servers in one process (tests) never share rules.
const caches = new WeakMap<Kysely<Tables>, Map<string, Entry>>();

async function load(db: Kysely<Tables>, envId: string): Promise<Rules> {
  const rules: Rules = new Map();
  for (const row of await allModifierRows(db, envId)) rules.set(ruleKey(row.tool_name, row.scope_key), JSON.parse(row.rule) as ModifierRule);
  return rules;
}

/**
 * The rule that applies to `toolName` on `connectionId`: the connection's own rule when it has
 * one, else the environment-wide rule (the most specific wins whole; they are not merged).
 */
export async function effectiveModifier(db: Kysely<Tables>, envId: string, toolName: string, connectionId: string | null): Promise<ModifierRule | undefined> {
  let envs = caches.get(db);
  if (!envs) caches.set(db, (envs = new Map()));
  let entry = envs.get(envId);
  if (!entry || entry.expires <= Date.now()) {
    entry = { expires: Date.now() + MODIFIER_TTL_MS, rules: load(db, envId) };
    envs.set(envId, entry);
    // A failed load is not cached: the next execution tries again.
    entry.rules.catch(() => envs!.get(envId) === entry && envs!.delete(envId));
  }
  const rules = await entry.rules;
  return (connectionId !== null ? rules.get(ruleKey(toolName, connectionId)) : undefined) ?? rules.get(ruleKey(toolName, ''));
}

/** Called by every write through this process, so its next execution reads the new rules. */
export function forgetModifiers(db: Kysely<Tables>, envId: string): void {
  caches.get(db)?.delete(envId);
}
