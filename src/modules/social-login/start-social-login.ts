import * as oauth from 'oauth4webapi';
import type { SignInInteraction } from '../sign-in/sign-in-outcome.js';
import { environmentAllowList } from '../egress/environment-allow-list.js';
import { isOidcKind } from './provider-kinds.js';
import { resolveEndpoints } from './provider-endpoints.js';
import { createLoginState, pruneLoginStates } from './login-state.js';
import { loadEnabledProvider } from './load-provider.js';
import { socialCallbackUrl, type SocialLoginDeps } from './social-login-deps.js';

/**
 * `/ui/login/social/<key>/start`. Steps: load_provider → resolve_endpoints (OIDC discovery) →
 * create_login_state (state bound to this browser and interaction, PKCE S256 verifier, OIDC nonce)
 * → build_authorization_url. Returns where to send the browser and its binding cookie's value.
 */
export async function startSocialLogin(
  deps: SocialLoginDeps,
  i: { interaction: SignInInteraction; providerKey: string; browser: string | undefined },
): Promise<{ location: string; browser: string }> {
  const envId = i.interaction.environmentId;
  const row = await loadEnabledProvider(deps.db, envId, i.providerKey);
  const fetch = deps.outbound.forAllowList(await environmentAllowList(deps.db, envId));
  const endpoints = await resolveEndpoints(row, fetch);
  const codeVerifier = oauth.generateRandomCodeVerifier();
  const nonce = isOidcKind(row.kind) ? oauth.generateRandomNonce() : undefined;
  await pruneLoginStates(deps.db);
  const { state, browser } = await createLoginState(deps.db, deps.vault, {
    environmentId: envId,
    interactionUid: i.interaction.uid,
    providerKey: row.provider_key,
    browser: i.browser,
    secrets: { codeVerifier, ...(nonce ? { nonce } : {}) },
  });
  // build_authorization_url — RFC 6749 §4.1.1 + RFC 7636 §4.3 + OpenID Connect Core §3.1.2.1.
  const url = new URL(endpoints.authorizationUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', row.client_id);
  url.searchParams.set('redirect_uri', socialCallbackUrl(deps.publicUrl));
  url.searchParams.set('scope', (JSON.parse(row.scopes) as string[]).join(' '));
  url.searchParams.set('state', state);
  url.searchParams.set('code_challenge', await oauth.calculatePKCECodeChallenge(codeVerifier));
  url.searchParams.set('code_challenge_method', 'S256');
  if (nonce) url.searchParams.set('nonce', nonce);
  // The app's login_hint saves the person retyping their address at the provider (Google, Microsoft; GitHub's `login`).
  const hint = i.interaction.params.loginHint;
  if (hint) url.searchParams.set(isOidcKind(row.kind) ? 'login_hint' : 'login', hint);
  return { location: url.toString(), browser };
}
