import * as oauth from 'oauth4webapi';
import type { OutboundFetch } from '../../egress/outbound-fetch.js';
import { refusalIn } from '../../egress/ssrf-guard.js';
import { oauthCallOptions } from '../../egress/oauth-call-options.js';
import type { ResolvedOAuthConfig } from '../../providers/definition/provider-definition.js';
import { DESTINATION_REFUSED } from '../destination-refused.js';
import { FlowError } from '../flow-error.js';

/** Token request parameters the flow sets; a definition's token_request_params never override them. */
const PROTOCOL_PARAMS = new Set(['grant_type', 'code', 'redirect_uri', 'code_verifier', 'client_id', 'client_secret', 'client_assertion', 'client_assertion_type']);

export interface ExchangeInput {
  oauth: ResolvedOAuthConfig;
  /** token_uri with account-field templates filled. */
  tokenUri: string;
  clientId: string;
  clientSecret: string;
  redirectUri: string;
  code: string;
  state: string;
  codeVerifier: string | undefined;
  fetch: OutboundFetch;
  providerName: string;
}

/**
 * exchange_code — RFC 6749 §4.1.3 access token request, sent by oauth4webapi: client
 * authentication per `token_endpoint_auth_method` (§2.3.1 client_secret_post or HTTP Basic),
 * `redirect_uri`, RFC 7636 §4.5 `code_verifier` when PKCE was used, the definition's
 * token_request_params, `Accept: application/json`; through the outbound fetch (extra CAs, no redirects,
 * non-public addresses refused unless the environment allows them).
 */
export async function exchangeCode(i: ExchangeInput): Promise<Response> {
  const as: oauth.AuthorizationServer = { issuer: new URL(i.tokenUri).origin, token_endpoint: i.tokenUri };
  const client: oauth.Client = { client_id: i.clientId };
  const auth = i.oauth.token_endpoint_auth_method === 'client_secret_basic' ? oauth.ClientSecretBasic(i.clientSecret) : oauth.ClientSecretPost(i.clientSecret);
  // The state was matched by hash already (load_authorization_request); this brands the parameters
  // for oauth4webapi. `iss` was checked by check_issuer and is left out on purpose.
  const params = oauth.validateAuthResponse(as, client, new URLSearchParams({ code: i.code, state: i.state }), i.state);
  const extra = Object.entries(i.oauth.token_request_params).filter(([k]) => !PROTOCOL_PARAMS.has(k));
  try {
    return await oauth.authorizationCodeGrantRequest(as, client, auth, params, i.redirectUri, i.codeVerifier ?? oauth.nopkce, {
      additionalParameters: extra,
      headers: { accept: 'application/json' },
      ...oauthCallOptions(i.fetch, i.tokenUri),
    });
  } catch (err) {
    const refused = refusalIn(err);
    if (refused) throw DESTINATION_REFUSED(i.providerName, 'token endpoint', refused);
    throw new FlowError(
      'temporarily_unavailable',
      `Could not reach ${i.providerName}`,
      `Latchkey could not contact ${i.providerName} to finish the sign-in, so nothing was connected. Try again in a moment with a new link.`,
      502,
    );
  }
}
