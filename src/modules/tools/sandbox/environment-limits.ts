import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { getEnvironmentSettings, updateEnvironmentSettings } from '../../environments/environment-settings.js';
import { sandboxLimits, validateSandboxLimits, type SandboxLimits } from './sandbox-limits.js';

/**
 * An environment's limits: the defaults with its `code_tool_limits` environment setting on top
 * (validated when set, see environment-settings.ts). A stored value that no longer passes
 * validation (a ceiling lowered since) falls back to the defaults rather than failing executions.
 */
export async function sandboxLimitsFor(db: Kysely<Tables>, envId: string): Promise<Readonly<SandboxLimits>> {
  const settings = await getEnvironmentSettings(db, envId);
  let limits = derived.get(settings);
  if (!limits) derived.set(settings, (limits = Object.freeze(limitsOf(settings.code_tool_limits))));
  return limits;
}

// Per cached settings object (a new one after every write): the warm path neither reads nor validates.
const derived = new WeakMap<object, Readonly<SandboxLimits>>();

function limitsOf(stored: unknown): SandboxLimits {
  if (stored === undefined) return sandboxLimits();
  try {
    return sandboxLimits(validateSandboxLimits(stored));
  } catch {
    return sandboxLimits();
  }
}

/** Replaces an environment's code_tool_limits (`{}`: back to the defaults); errors name the field. */
export async function setSandboxLimits(db: Kysely<Tables>, envId: string, value: unknown): Promise<Readonly<SandboxLimits>> {
  await updateEnvironmentSettings(db, envId, { code_tool_limits: value });
  return sandboxLimitsFor(db, envId);
}
