import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { applyPostRules } from './apply-post-rules.js';
import { applyPreRules } from './apply-pre-rules.js';
import { effectiveModifier } from './modifier-cache.js';
import { isNoPost } from './modifier-rule.js';

/**
 * The execution pipeline's pre step: the tool's input with the environment's pre rules applied
 * (the connection's rule when it has one, else the environment-wide one). Unchanged when none
 * applies. The pipeline validates the result against input_schema again.
 */
export async function applyPreModifiers(db: Kysely<Tables>, envId: string, toolName: string, connectionId: string | null, input: unknown): Promise<unknown> {
  const rule = await effectiveModifier(db, envId, toolName, connectionId);
  return rule?.pre.length ? applyPreRules(rule.pre, input) : input;
}

/** The pipeline's post step: the tool's output trimmed by the post rule that applies (keep, drop, caps). */
export async function applyPostModifiers(db: Kysely<Tables>, envId: string, toolName: string, connectionId: string | null, output: unknown): Promise<unknown> {
  const rule = await effectiveModifier(db, envId, toolName, connectionId);
  return rule && !isNoPost(rule.post) ? applyPostRules(rule.post, output) : output;
}
