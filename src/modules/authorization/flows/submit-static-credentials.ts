import type { ChangeFeed } from '../../changes/change-feed.js';
import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { newId } from '../../../storage/ids.js';
import type { Vault } from '../../vault/vault.js';
import type { FieldDefinition } from '../../providers/definition/provider-definition.js';
import type { HeldGrant } from '../request-secrets.js';
import { activateAccount } from '../steps/activate-account.js';
import { templatedFieldNames, validateTemplatedFields } from '../steps/account-fields.js';
import { completeLink } from '../steps/complete-link.js';
import { REQUEST_STATUS } from '../steps/create-authorization-request.js';
import { hasProblems, type FieldCheck } from '../steps/validate-fields.js';
import type { LinkContext } from './open-link.js';

/** The inputs of a static-credential form: the pattern's credential fields, then its account fields. */
export const staticFormFields = (ctx: LinkContext): FieldDefinition[] => [...ctx.pattern.fields, ...ctx.pattern.account_fields];

/**
 * BASIC / BEARER / API_KEY: the person types the credentials into Latchkey's form. Steps:
 * validate_fields → complete_link + record_request + activate_account (one transaction).
 * No user verification step: the seed says static credentials need none (the person holding the
 * credentials is, by definition, the one who can grant them). Credential `fields` are sealed;
 * non-secret values that URL templates use (e.g. `{{domain}}`) and the pattern's account_fields
 * are also stored as account fields so the proxy can build URLs without decrypting.
 */
export async function submitStaticCredentials(db: Kysely<Tables>, vault: Vault, ctx: LinkContext, body: unknown, changes?: ChangeFeed): Promise<{ requestId: string } | { check: FieldCheck }> {
  const defs = staticFormFields(ctx);
  const check = validateTemplatedFields(ctx.provider.definition, ctx.pattern, defs, body);
  if (hasProblems(check)) return { check };

  const templated = templatedFieldNames(ctx.provider.definition, ctx.pattern);
  const credentialNames = new Set(ctx.pattern.fields.map((f) => f.field_name));
  const credentials: Record<string, string> = {};
  const accountFields: Record<string, string> = {};
  for (const f of defs) {
    const v = check.values[f.field_name];
    if (v === undefined) continue;
    if (credentialNames.has(f.field_name)) credentials[f.field_name] = v;
    if (!credentialNames.has(f.field_name) || (templated.has(f.field_name) && f.input_type !== 'password')) accountFields[f.field_name] = v;
  }
  const grant: HeldGrant = {
    credentials: { kind: 'static', fields: credentials },
    token_expires_at: null,
    scopes: [],
    account_fields: accountFields,
    authorized_user_id: null,
    authorized_user_email: null,
  };
  const requestId = newId('areq');
  const now = new Date().toISOString();
  await db.transaction().execute(async (trx) => {
    await completeLink(trx, ctx.link.id);
    await trx
      .insertInto('authorization_requests')
      .values({
        id: requestId,
        environment_id: ctx.link.environment_id,
        link_id: ctx.link.id,
        account_id: ctx.account.id,
        state_hash: null,
        verification_hash: null,
        secrets_ciphertext: null,
        account_fields: JSON.stringify(accountFields),
        status: REQUEST_STATUS.completed,
        expires_at: now,
        completed_at: now,
        created_at: now,
      })
      .execute();
    await activateAccount(trx, vault, ctx.account, grant);
  });
  changes?.accountChanged(ctx.account.environment_id, ctx.account.id);
  return { requestId };
}
