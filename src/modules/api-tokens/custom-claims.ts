import { invalidFields, type FieldViolation } from '../errors/domain-error.js';

const MAX_CLAIMS = 50;
const KEY = /^[A-Za-z0-9_.:-]{1,64}$/;
const VALUE_MAX = 1024;

/** custom_claims: a small map of the caller's own strings, returned as given on every validation. */
export function checkCustomClaims(claims: Record<string, string>, field: string): void {
  const v: FieldViolation[] = [];
  const entries = Object.entries(claims);
  if (entries.length > MAX_CLAIMS) v.push({ field, description: `must have at most ${MAX_CLAIMS} claims` });
  for (const [k, val] of entries.slice(0, MAX_CLAIMS)) {
    if (!KEY.test(k)) v.push({ field: `${field}.${k.slice(0, 64)}`, description: 'key must be 1 to 64 letters, digits, "_", ".", ":" or "-"' });
    else if (val.length > VALUE_MAX) v.push({ field: `${field}.${k}`, description: `must be at most ${VALUE_MAX} characters` });
  }
  if (v.length) throw invalidFields(v);
}
