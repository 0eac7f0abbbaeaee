import { invalidFields, type FieldViolation } from '../errors/domain-error.js';

export interface OrganizationFields {
  displayName?: string;
  externalId?: string;
  metadata?: Record<string, string>;
  slug?: string;
  logoUrl?: string;
}

const SLUG = /^[a-z0-9](?:[a-z0-9.-]{0,62}[a-z0-9])?$/;

/** Checks every field at once; `prefix` is the proto path (`organization.`) so errors name the wire field. */
export function validateOrganizationFields(f: OrganizationFields, prefix: string, requireName: boolean): void {
  const v: FieldViolation[] = [];
  if (f.displayName !== undefined || requireName) {
    const name = f.displayName?.trim() ?? '';
    if (!name) v.push({ field: `${prefix}display_name`, description: 'is required and must not be blank' });
    else if (name.length > 200) v.push({ field: `${prefix}display_name`, description: 'must be at most 200 characters' });
  }
  if (f.externalId !== undefined && (f.externalId.length === 0 || f.externalId.length > 255)) {
    v.push({ field: `${prefix}external_id`, description: 'must be 1 to 255 characters' });
  }
  if (f.metadata) {
    const entries = Object.entries(f.metadata);
    if (entries.length > 50) v.push({ field: `${prefix}metadata`, description: 'must have at most 50 keys' });
    for (const [k, val] of entries) {
      if (k.length === 0 || k.length > 64) v.push({ field: `${prefix}metadata.${k}`, description: 'key must be 1 to 64 characters' });
      if (val.length > 1024) v.push({ field: `${prefix}metadata.${k}`, description: 'value must be at most 1024 characters' });
    }
  }
  if (f.slug !== undefined && !SLUG.test(f.slug)) {
    v.push({ field: `${prefix}slug`, description: 'must be lowercase letters, digits, dots and hyphens (e.g. "acme" or "app.acme.com"), at most 64 characters' });
  }
  if (f.logoUrl !== undefined && f.logoUrl !== '') {
    let ok = false;
    try {
      ok = new URL(f.logoUrl).protocol === 'https:';
    } catch {
      ok = false;
    }
    if (!ok) v.push({ field: `${prefix}logo_url`, description: 'must be an https URL' });
  }
  if (v.length) throw invalidFields(v);
}
