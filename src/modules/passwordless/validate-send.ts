import { invalidFields, type FieldViolation } from '../errors/domain-error.js';
import { checkEmail } from '../users/validate-user.js';
import { checkMagicLinkUri } from './magic-link.js';
import { PASSWORDLESS_LIMITS } from './passwordless-limits.js';
import type { PasswordlessTemplate } from './passwordless-types.js';

/** SendPasswordlessEmail's input, as the wire carried it (absent fields undefined). */
export interface SendInput {
  email: string;
  template?: PasswordlessTemplate;
  state?: string;
  magiclinkAuthUri?: string;
  expiresIn?: number;
  templateVariables?: Record<string, string>;
}

export interface CheckedSend {
  email: string;
  template: PasswordlessTemplate;
  state: string | undefined;
  magiclinkAuthUri: string | undefined;
  expiresIn: number;
  templateVariables: Record<string, string>;
}

/** The names Latchkey fills in itself (the descriptor's reserved list): an app may not supply them. */
export const RESERVED_VARIABLES: readonly string[] = ['otp', 'link', 'expiry_time', 'expiry_time_relative', 'expire_time'];

// The descriptor's bounds (buf.validate): 30 pairs, keys 2–25 characters, values at most 256.
const MAX_VARIABLES = 30;
const KEY = /^[A-Za-z0-9_]{2,25}$/;
const MAX_VALUE = 256;
const MAX_STATE = 1000;
const MAX_URI = 1000;

function checkVariables(vars: Record<string, string>, v: FieldViolation[]): void {
  const entries = Object.entries(vars);
  if (entries.length > MAX_VARIABLES) v.push({ field: 'template_variables', description: `must have at most ${MAX_VARIABLES} entries` });
  for (const [k, val] of entries) {
    const field = `template_variables.${k}`;
    if (RESERVED_VARIABLES.includes(k.toLowerCase())) v.push({ field, description: `is reserved (Latchkey fills in ${RESERVED_VARIABLES.join(', ')})` });
    else if (!KEY.test(k)) v.push({ field, description: 'name must be 2 to 25 letters, digits or underscores' });
    if (val.length > MAX_VALUE) v.push({ field, description: `must be at most ${MAX_VALUE} characters` });
  }
}

/** Every field at once, so one round trip fixes them all. */
export function validateSend(input: SendInput): CheckedSend {
  const v: FieldViolation[] = [];
  checkEmail(input.email, 'email', v);
  // The address goes into an SMTP envelope and header: no control character at all.
  if (/[\u0000-\u001f\u007f]/.test(input.email ?? '') && !v.length) v.push({ field: 'email', description: 'must not contain control characters' });
  if (input.state !== undefined && (input.state.length === 0 || input.state.length > MAX_STATE)) v.push({ field: 'state', description: `must be 1 to ${MAX_STATE} characters when sent` });
  let uri: string | undefined;
  if (input.magiclinkAuthUri !== undefined) {
    if (input.magiclinkAuthUri.length === 0 || input.magiclinkAuthUri.length > MAX_URI) v.push({ field: 'magiclink_auth_uri', description: `must be 1 to ${MAX_URI} characters when sent` });
    else {
      try {
        uri = checkMagicLinkUri(input.magiclinkAuthUri);
      } catch (e) {
        v.push(...(e as { violations: FieldViolation[] }).violations);
      }
    }
  }
  const { minExpiresIn, maxExpiresIn, defaultExpiresIn } = PASSWORDLESS_LIMITS;
  const expiresIn = input.expiresIn ?? defaultExpiresIn;
  if (!Number.isInteger(expiresIn) || expiresIn < minExpiresIn || expiresIn > maxExpiresIn) {
    v.push({ field: 'expires_in', description: `must be ${minExpiresIn} to ${maxExpiresIn} seconds (default ${defaultExpiresIn})` });
  }
  checkVariables(input.templateVariables ?? {}, v);
  if (v.length) throw invalidFields(v);
  return {
    email: input.email.trim().toLowerCase(),
    template: input.template ?? 'SIGNIN',
    state: input.state,
    magiclinkAuthUri: uri,
    expiresIn,
    templateVariables: { ...input.templateVariables },
  };
}
