import type { FieldDefinition } from '../../providers/definition/provider-definition.js';

/** Form fields that are not values: the CSRF token. */
export const FORM_CONTROL_FIELDS = new Set(['csrf_token']);

export interface FieldCheck {
  values: Record<string, string>;
  /** field_name → what is wrong, in words for the person filling the form. */
  errors: Record<string, string>;
  /** Problems with the form as a whole (unknown or repeated fields). */
  formErrors: string[];
}

const MAX_LENGTH: Record<string, number> = { textarea: 16_384, password: 8192 };
const DEFAULT_MAX = 2048;
const CONTROL_CHARS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function checkValue(f: FieldDefinition, value: string): string | undefined {
  const max = MAX_LENGTH[f.input_type] ?? DEFAULT_MAX;
  if (value.length > max) return `${f.label} must be at most ${max} characters.`;
  if (f.input_type !== 'textarea' && /[\r\n]/.test(value)) return `${f.label} must be a single line.`;
  if (CONTROL_CHARS.test(value)) return `${f.label} contains characters that are not allowed.`;
  if (f.input_type === 'email' && !/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value)) return `${f.label} must be an email address.`;
  if (f.input_type === 'number' && !/^-?\d+(\.\d+)?$/.test(value)) return `${f.label} must be a number.`;
  if (f.input_type === 'url') {
    try {
      const u = new URL(value);
      if (u.protocol !== 'https:' && u.protocol !== 'http:') return `${f.label} must be an http(s) URL.`;
    } catch {
      return `${f.label} must be a full URL, such as https://example.com.`;
    }
  }
  return undefined;
}

/**
 * Server-side validation of a submitted form against the pattern's field definitions: unknown and
 * repeated fields refused, required fields present, sizes and formats by input type. Passwords are
 * kept verbatim; other values are trimmed. Messages never repeat a submitted value.
 */
export function validateFields(defs: FieldDefinition[], body: unknown): FieldCheck {
  const out: FieldCheck = { values: {}, errors: {}, formErrors: [] };
  const submitted = body && typeof body === 'object' ? (body as Record<string, unknown>) : {};
  const known = new Set(defs.map((d) => d.field_name));
  const unknown = Object.keys(submitted).filter((k) => !known.has(k) && !FORM_CONTROL_FIELDS.has(k));
  if (unknown.length) {
    const names = unknown.slice(0, 5).map((k) => k.slice(0, 40)).join(', ');
    out.formErrors.push(`The form contained fields this connection does not accept (${names}). Reload the page and try again.`);
  }
  for (const f of defs) {
    const raw = submitted[f.field_name];
    if (Array.isArray(raw) || (raw !== undefined && typeof raw !== 'string')) {
      out.errors[f.field_name] = `${f.label} was sent more than once.`;
      continue;
    }
    const value = f.input_type === 'password' ? (raw ?? '') : (raw ?? '').trim();
    if (value.trim() === '') {
      if (f.required) out.errors[f.field_name] = `${f.label} is required.`;
      continue;
    }
    const problem = checkValue(f, value);
    if (problem) out.errors[f.field_name] = problem;
    else out.values[f.field_name] = value;
  }
  return out;
}

export const hasProblems = (c: FieldCheck): boolean => c.formErrors.length > 0 || Object.keys(c.errors).length > 0;
