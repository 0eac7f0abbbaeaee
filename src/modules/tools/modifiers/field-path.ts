/** One step of a modifier path: an object key, and whether the path goes on into each item of the array found there. */
export interface PathStep {
  key: string;
  each: boolean;
}

export const MAX_PATH_LENGTH = 256;
export const MAX_PATH_STEPS = 10;

const RESERVED_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const STEP = /^([^.[\]\s\u0000-\u001f\u007f]{1,64})(\[\])?$/;

/**
 * `messages[].headers.subject` → [{key: 'messages', each: true}, {key: 'headers'}, {key: 'subject'}].
 * Returns why the text is not a path instead, for the validator to put after the field name.
 */
export function parseFieldPath(text: string): PathStep[] | string {
  if (text.length === 0) return 'must not be empty';
  if (text.length > MAX_PATH_LENGTH) return `must be at most ${MAX_PATH_LENGTH} characters`;
  const parts = text.split('.');
  if (parts.length > MAX_PATH_STEPS) return `must have at most ${MAX_PATH_STEPS} steps`;
  const steps: PathStep[] = [];
  for (const part of parts) {
    const m = STEP.exec(part);
    if (!m) return `'${text}' is not a field path: write keys joined by dots, with [] after an array's key (messages[].subject)`;
    // Walking these would reach Object.prototype instead of a field.
    if (RESERVED_KEYS.has(m[1])) return `must not use '${m[1]}' as a key`;
    steps.push({ key: m[1], each: m[2] === '[]' });
  }
  return steps;
}

/** For callers that validated the path already. */
export function fieldPath(text: string): PathStep[] {
  const steps = parseFieldPath(text);
  if (typeof steps === 'string') throw new Error(`invalid field path: ${steps}`);
  return steps;
}
