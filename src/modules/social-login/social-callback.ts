import type { SocialProviderRow } from '../../storage/schema-social-login.js';
import { environmentAllowList } from '../egress/environment-allow-list.js';
import { resolveOAuthConfig } from '../providers/definition/provider-definition.js';
import { checkCallbackError } from '../authorization/steps/check-callback-error.js';
import { checkIssuer } from '../authorization/steps/check-issuer.js';
import { exchangeCode } from '../authorization/steps/exchange-code.js';
import { readTokenResponse } from '../authorization/steps/read-token-response.js';
import type { ExternalIdentity } from '../sign-in/account-linking.js';
import { isOidcKind } from './provider-kinds.js';
import { resolveEndpoints } from './provider-endpoints.js';
import { claimLoginState } from './login-state.js';
import { loadEnabledProvider } from './load-provider.js';
import { readOidcIdentity } from './oidc-identity.js';
import { readGitHubIdentity } from './github-identity.js';
import { socialCallbackUrl, type SocialLoginDeps } from './social-login-deps.js';
import { openSocialProviderSecret } from './social-providers.js';

export interface SocialSignIn {
  environmentId: string;
  interactionUid: string;
  provider: SocialProviderRow;
  /** Who the provider says signed in; not linked yet (home realm discovery comes first). */
  identity: ExternalIdentity;
}

/** The callback's query parameters (`code`, `state`, `iss`, or `error` and `error_description`). */
export type CallbackQuery = Record<string, string | undefined>;

/**
 * `/ui/login/social/callback` up to knowing the user. Steps: claim_login_state (single use, this
 * browser) → load_provider → check_callback_error → resolve_endpoints → check_issuer (RFC 9207)
 * → exchange_code + read_token_response (the connected-account flow's own steps: oauth4webapi
 * through the egress guard, PKCE verifier) → read_identity (OIDC id_token + userinfo, or GitHub's
 * /user + /user/emails). The provider's tokens are used for these calls only, never stored.
 * `onClaimed` learns the interaction as soon as the state is known, so failures can offer a way back.
 */
export async function completeSocialLogin(deps: SocialLoginDeps, query: CallbackQuery, browser: string | undefined, onClaimed?: (interactionUid: string) => void): Promise<SocialSignIn> {
  const { row: state, secrets } = await claimLoginState(deps.db, deps.vault, query.state, browser);
  onClaimed?.(state.interaction_uid);
  const envId = state.environment_id;
  const row = await loadEnabledProvider(deps.db, envId, state.provider_key);
  const name = row.display_name;
  checkCallbackError(query, name);
  const fetch = deps.outbound.forAllowList(await environmentAllowList(deps.db, envId));
  const endpoints = await resolveEndpoints(row, fetch);
  checkIssuer(query.iss, endpoints.authorizationUrl, name);
  const oauthConfig = resolveOAuthConfig({ authorize_uri: endpoints.authorizationUrl, token_uri: endpoints.tokenUrl, available_scopes: [] });
  const res = await exchangeCode({
    oauth: oauthConfig,
    tokenUri: endpoints.tokenUrl,
    clientId: row.client_id,
    clientSecret: await openSocialProviderSecret(deps.vault, row),
    redirectUri: socialCallbackUrl(deps.publicUrl),
    code: query.code!,
    state: query.state!,
    codeVerifier: secrets.codeVerifier,
    fetch,
    providerName: name,
  });
  const tokens = await readTokenResponse(res, oauthConfig, JSON.parse(row.scopes) as string[], name);
  const accessToken = tokens.credentials.access_token;
  const identity = isOidcKind(row.kind)
    ? await readOidcIdentity({ row, endpoints, idToken: tokens.credentials.id_token, accessToken, nonce: secrets.nonce, fetch })
    : await readGitHubIdentity({ row, endpoints, accessToken, fetch });
  return { environmentId: envId, interactionUid: state.interaction_uid, provider: row, identity };
}
