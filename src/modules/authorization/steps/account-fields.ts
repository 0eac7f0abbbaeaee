import type { AuthPattern, FieldDefinition, ProviderDefinition } from '../../providers/definition/provider-definition.js';
import { templateFields } from '../../providers/definition/template.js';
import { validateFields, type FieldCheck } from './validate-fields.js';

/** Values a URL template may receive: a host label or a path segment (see template.ts fillTemplate). */
const TEMPLATE_SAFE = /^[A-Za-z0-9._~-]+$/;

/** The pattern's account_fields the person must enter: those the token response does not fill. */
export function accountFieldsToCollect(pattern: AuthPattern): FieldDefinition[] {
  const filled = pattern.oauth_config?.token_response?.account_field_paths ?? {};
  return pattern.account_fields.filter((f) => !Object.prototype.hasOwnProperty.call(filled, f.field_name));
}

/** Fields any of the provider's URL templates refer to (OAuth endpoints and proxy_url). */
export function templatedFieldNames(def: ProviderDefinition, pattern: AuthPattern): Set<string> {
  const o = pattern.oauth_config;
  const uris = [def.proxy_url, o?.authorize_uri, o?.token_uri, o?.user_info_uri, o?.refresh_uri].filter((u): u is string => !!u);
  return new Set(uris.flatMap(templateFields));
}

/** validateFields, plus: a value that lands in a URL template must be a plain host label or segment. */
export function validateTemplatedFields(def: ProviderDefinition, pattern: AuthPattern, defs: FieldDefinition[], body: unknown): FieldCheck {
  const check = validateFields(defs, body);
  const templated = templatedFieldNames(def, pattern);
  for (const f of defs) {
    const v = check.values[f.field_name];
    if (v !== undefined && templated.has(f.field_name) && !TEMPLATE_SAFE.test(v)) {
      check.errors[f.field_name] = `${f.label} may only contain letters, digits, '.', '_', '~' and '-'.`;
      delete check.values[f.field_name];
    }
  }
  return check;
}
