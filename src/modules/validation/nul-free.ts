import { invalidFields, type FieldViolation } from '../errors/domain-error.js';
import { NO_NUL, NUL, printableKey } from './control-characters.js';

/** Enough to fix a request in one round trip; the rest would only lengthen the error. */
const MAX_REPORTED = 20;

/**
 * Every string, and every object key, that carries NUL in a parsed JSON body, form or parameter
 * set, named by its path (`auth_patterns[0].display_name`). Iterative: a body may nest
 * thousands of levels deep, and a stack overflow would be a 500.
 */
export function nulViolations(value: unknown, root = ''): FieldViolation[] {
  const out: FieldViolation[] = [];
  const pending: Array<[unknown, string]> = [[value, root]];
  while (pending.length && out.length < MAX_REPORTED) {
    const [v, path] = pending.pop()!;
    if (typeof v === 'string') {
      if (v.includes(NUL)) out.push({ field: path || '(root)', description: NO_NUL });
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) pending.push([v[i], `${path}[${i}]`]);
    } else if (typeof v === 'object' && v !== null && !ArrayBuffer.isView(v)) {
      for (const [k, child] of Object.entries(v).reverse()) {
        const field = path ? `${path}.${printableKey(k)}` : printableKey(k);
        if (k.includes(NUL)) out.push({ field, description: `key ${NO_NUL}` });
        else pending.push([child, field]);
      }
    }
  }
  return out;
}

/** invalid_argument naming each field that carries NUL (see control-characters.ts for why). */
export function checkNulFree(value: unknown, root = ''): void {
  const v = nulViolations(value, root);
  if (v.length) throw invalidFields(v);
}
