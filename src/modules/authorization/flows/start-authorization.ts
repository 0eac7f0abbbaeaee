import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import type { Vault } from '../../vault/vault.js';
import { oauthRedirectUri } from '../../connections/redirect-uri.js';
import { resolveOAuthConfig } from '../../providers/definition/provider-definition.js';
import { DomainError } from '../../errors/domain-error.js';
import { FlowError } from '../flow-error.js';
import { buildAuthorizationUrl } from '../steps/build-authorization-url.js';
import { createAuthorizationRequest } from '../steps/create-authorization-request.js';
import { requestedScopes } from '../steps/requested-scopes.js';
import type { LinkContext } from './open-link.js';

/** Account field values for the flow: those already on the account, overridden by what was just entered. */
export function flowAccountFields(ctx: LinkContext, entered: Record<string, string>): Record<string, string> {
  const names = new Set(ctx.pattern.account_fields.map((f) => f.field_name));
  const stored = JSON.parse(ctx.account.account_fields) as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...stored, ...entered })) if (names.has(k) && typeof v === 'string') out[k] = v;
  return out;
}

/**
 * Step list for leaving for the provider: requested_scopes → create_authorization_request (state,
 * PKCE) → build_authorization_url. Returns where to send the browser (303).
 */
export async function startAuthorization(db: Kysely<Tables>, vault: Vault, publicUrl: string, ctx: LinkContext, entered: Record<string, string>): Promise<URL> {
  const oauth = resolveOAuthConfig(ctx.pattern.oauth_config!);
  const scopes = requestedScopes(oauth, ctx.connection);
  const accountFields = flowAccountFields(ctx, entered);
  const started = await createAuthorizationRequest(db, vault, ctx.link, { pkce: oauth.pkce, scopes, accountFields });
  try {
    return buildAuthorizationUrl({
      oauth,
      connection: ctx.connection,
      redirectUri: oauthRedirectUri(publicUrl),
      scopes,
      state: started.state,
      codeChallenge: started.codeChallenge,
      accountFields,
    });
  } catch (err) {
    if (err instanceof DomainError) {
      throw new FlowError('invalid_request', `Cannot build the ${ctx.providerName} sign-in address`, `${err.message}. Go back and check the values you entered.`, 400);
    }
    throw err;
  }
}
