import { invalidFields, type FieldViolation } from '../errors/domain-error.js';
import type { UserProfile } from './user.js';

/** Profile fields as a request carries them: each one absent (unchanged / default) or set. */
export type ProfileInput = Partial<UserProfile>;

export interface UserInput {
  email?: string;
  externalId?: string;
  profile?: ProfileInput;
  metadata?: Record<string, string>;
}

// Deliberately loose (RFC 5321 allows far more than any regex should judge): one @, a dot in the domain, no spaces.
const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
const MAX_EMAIL = 320;
const PROFILE_TEXT_MAX = 255;

export function checkMetadata(metadata: Record<string, string> | undefined, field: string, v: FieldViolation[]): void {
  if (!metadata) return;
  const entries = Object.entries(metadata);
  if (entries.length > 50) v.push({ field, description: 'must have at most 50 keys' });
  for (const [k, val] of entries) {
    if (k.length === 0 || k.length > 64) v.push({ field: `${field}.${k}`, description: 'key must be 1 to 64 characters' });
    if (val.length > 1024) v.push({ field: `${field}.${k}`, description: 'value must be at most 1024 characters' });
  }
}

export function checkEmail(email: string | undefined, field: string, v: FieldViolation[]): void {
  const e = email?.trim() ?? '';
  if (!e) v.push({ field, description: 'is required (e.g. "jane@example.com")' });
  else if (e.length > MAX_EMAIL || !EMAIL.test(e)) v.push({ field, description: 'must be an email address such as "jane@example.com"' });
}

const TEXT_FIELDS = ['givenName', 'familyName', 'name', 'locale', 'phoneNumber', 'gender', 'preferredUsername'] as const;
const snake = (s: string) => s.replace(/[A-Z]/g, (c) => '_' + c.toLowerCase());

/** Checks every field at once; `prefix` is the wire path (`user.`) so errors name the field sent. */
export function validateUserInput(input: UserInput, prefix: string, opts: { requireEmail: boolean }): void {
  const v: FieldViolation[] = [];
  if (opts.requireEmail || input.email !== undefined) checkEmail(input.email, `${prefix}email`, v);
  if (input.externalId !== undefined && (input.externalId.length === 0 || input.externalId.length > 255)) {
    v.push({ field: `${prefix}external_id`, description: 'must be 1 to 255 characters' });
  }
  checkMetadata(input.metadata, `${prefix}metadata`, v);
  const p = input.profile;
  if (p) {
    for (const f of TEXT_FIELDS) {
      const value = p[f];
      if (value !== undefined && value.length > PROFILE_TEXT_MAX) v.push({ field: `${prefix}user_profile.${snake(f)}`, description: `must be at most ${PROFILE_TEXT_MAX} characters` });
    }
    if (p.picture) {
      let ok = false;
      try {
        ok = ['https:', 'http:'].includes(new URL(p.picture).protocol);
      } catch {
        ok = false;
      }
      if (!ok) v.push({ field: `${prefix}user_profile.picture`, description: 'must be an http(s) URL' });
    }
    checkMetadata(p.metadata, `${prefix}user_profile.metadata`, v);
    checkMetadata(p.customAttributes, `${prefix}user_profile.custom_attributes`, v);
    p.groups?.forEach((g, i) => {
      if (!g.trim() || g.length > PROFILE_TEXT_MAX) v.push({ field: `${prefix}user_profile.groups[${i}]`, description: `must be 1 to ${PROFILE_TEXT_MAX} characters` });
    });
  }
  if (v.length) throw invalidFields(v);
}

export const normalizeEmail = (email: string): string => email.trim().toLowerCase();
