import { fieldPath } from './field-path.js';
import { cloneJson, isJsonObject, sameJson, type JsonObject } from './json-values.js';
import type { PreRule } from './modifier-rule.js';

/** `from:x` + `is:unread` → `from:x is:unread`; a value already there as whole words is not added twice. */
function appendText(current: string, value: string): string {
  if (current.trim() === '') return value;
  if (` ${current} `.replace(/\s+/g, ' ').includes(` ${value.trim().replace(/\s+/g, ' ')} `)) return current;
  return `${current} ${value}`;
}

/** Items already in the array are not added again, so a caller that sent them gets the same call. */
function appendItems(current: unknown[], value: unknown): unknown[] {
  const out = [...current];
  for (const item of Array.isArray(value) ? value : [value]) if (!out.some((x) => sameJson(x, item))) out.push(cloneJson(item));
  return out;
}

function applyOne(input: JsonObject, rule: PreRule): void {
  const steps = fieldPath(rule.path);
  let parent = input;
  for (const step of steps.slice(0, -1)) {
    // A missing (or, for a validated input, impossible non-object) level is created for the rule.
    if (!Object.hasOwn(parent, step.key) || !isJsonObject(parent[step.key])) parent[step.key] = {};
    parent = parent[step.key] as JsonObject;
  }
  const key = steps[steps.length - 1].key;
  const current = Object.hasOwn(parent, key) ? parent[key] : undefined;
  if (rule.op === 'set') parent[key] = cloneJson(rule.value);
  else if (rule.op === 'default') {
    if (current === undefined) parent[key] = cloneJson(rule.value);
  } else if (current === undefined || current === null) parent[key] = cloneJson(rule.value);
  else if (typeof current === 'string' && typeof rule.value === 'string') parent[key] = appendText(current, rule.value);
  else if (Array.isArray(current)) parent[key] = appendItems(current, rule.value);
  // Appending to a number or an object has no meaning: the rule's value replaces it (the validator refuses such rules for typed parameters).
  else parent[key] = cloneJson(rule.value);
}

/**
 * The caller's input with the pre rules applied in order. Pure: `input` is not changed, and with
 * no rules it is returned as is. The pipeline validates the result against the tool's input_schema again.
 */
export function applyPreRules(rules: readonly PreRule[], input: unknown): unknown {
  if (!rules.length) return input;
  const out = isJsonObject(input) ? cloneJson(input) : {};
  for (const rule of rules) applyOne(out, rule);
  return out;
}
