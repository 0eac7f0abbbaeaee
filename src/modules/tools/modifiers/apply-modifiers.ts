import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { applyPostRules } from './apply-post-rules.js';
import { applyPreRules } from './apply-pre-rules.js';
import { effectiveModifier } from './modifier-cache.js';
import { isNoPost } from './modifier-rule.js';

export interface ToolModifiers {
  /** The input with the pre rules applied; the same object when none applies. */
  pre(input: unknown): unknown;
  /** The output trimmed by the post rule (keep, drop, caps); the same object when none applies. */
  post(output: unknown): unknown;
}

/**
 * The rule that applies to one execution (the connection's when it has one, else the
 * environment-wide one), looked up once so the pre and post steps use the same version of it.
 */
export async function modifiersFor(db: Kysely<Tables>, envId: string, toolName: string, connectionId: string | null): Promise<ToolModifiers> {
  const rule = await effectiveModifier(db, envId, toolName, connectionId);
  return {
    pre: (input) => (rule?.pre.length ? applyPreRules(rule.pre, input) : input),
    post: (output) => (rule && !isNoPost(rule.post) ? applyPostRules(rule.post, output) : output),
  };
}

/** The pre step alone (the pipeline validates the result against input_schema again). */
export async function applyPreModifiers(db: Kysely<Tables>, envId: string, toolName: string, connectionId: string | null, input: unknown): Promise<unknown> {
  return (await modifiersFor(db, envId, toolName, connectionId)).pre(input);
}

/** The post step alone. */
export async function applyPostModifiers(db: Kysely<Tables>, envId: string, toolName: string, connectionId: string | null, output: unknown): Promise<unknown> {
  return (await modifiersFor(db, envId, toolName, connectionId)).post(output);
}
