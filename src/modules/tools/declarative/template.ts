import type { JsonValue } from './declarative-format.js';

/** `{{ name }}` or `{{ name.field }}`; the first step names an input property. */
export const PLACEHOLDER = /\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}/g;
const WHOLE = /^\{\{\s*([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_]+)*)\s*\}\}$/;

/** Marks a value whose optional input was not given: its key or list item is left out. */
export const MISSING: unique symbol = Symbol('missing');
export type Filled = unknown | typeof MISSING;

/** The placeholder names (`owner`, `filter.state`) in a template string, in order. */
export function placeholdersIn(text: string): string[] {
  return [...text.matchAll(PLACEHOLDER)].map((m) => m[1]);
}

/** Text left once the valid placeholders are removed still holding `{{` or `}}`: a malformed one. */
export function hasMalformedPlaceholder(text: string): boolean {
  const rest = text.replace(PLACEHOLDER, '');
  return rest.includes('{{') || rest.includes('}}');
}

/** The input value at `a.b.c` (own properties only), or undefined. */
export function inputValue(input: unknown, name: string): unknown {
  let v: unknown = input;
  for (const key of name.split('.')) {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || !Object.hasOwn(v, key)) return undefined;
    v = (v as Record<string, unknown>)[key];
  }
  return v;
}

/** How a value reads inside other text: strings as they are, anything else as JSON. */
export const asText = (v: unknown): string => (typeof v === 'string' ? v : JSON.stringify(v));

/** A template string filled: one whole placeholder keeps the value's type; embedded ones are text. */
export function fillString(template: string, input: unknown, encode: (text: string) => string = (t) => t): Filled {
  const whole = WHOLE.exec(template);
  if (whole) {
    const v = inputValue(input, whole[1]);
    return v === undefined ? MISSING : v;
  }
  let missing = false;
  const out = template.replace(PLACEHOLDER, (_m, name: string) => {
    const v = inputValue(input, name);
    if (v === undefined) missing = true;
    return v === undefined ? '' : encode(asText(v));
  });
  return missing ? MISSING : out;
}

/** Any JSON template filled: strings as above, keys and list items with a missing value left out. */
export function fillJson(template: JsonValue, input: unknown): Filled {
  if (typeof template === 'string') return fillString(template, input);
  if (Array.isArray(template)) return template.map((t) => fillJson(t, input)).filter((v) => v !== MISSING);
  if (template !== null && typeof template === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, t] of Object.entries(template)) {
      const v = fillJson(t, input);
      if (v !== MISSING) Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  return template;
}
