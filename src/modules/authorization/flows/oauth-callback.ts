import type { ChangeFeed } from '../../changes/change-feed.js';
import type { Kysely } from 'kysely';
import type { AuthorizationRequestRow, Tables } from '../../../storage/schema.js';
import type { Vault } from '../../vault/vault.js';
import type { OutboundFetcher } from '../../egress/outbound-fetch.js';
import { environmentAllowList } from '../../egress/environment-allow-list.js';
import { oauthRedirectUri } from '../../connections/redirect-uri.js';
import { readConnectionSecret } from '../../connections/connection-secret.js';
import { resolveOAuthConfig } from '../../providers/definition/provider-definition.js';
import { fillTemplate } from '../../providers/definition/template.js';
import { getAccountRow } from '../account-rows.js';
import { FlowError } from '../flow-error.js';
import { openRequestSecrets, type HeldGrant } from '../request-secrets.js';
import { resultUrl } from '../result-url.js';
import { userVerifyRedirect } from '../user-verify-url.js';
import { verificationModeOf, type VerificationMode } from '../verification-mode.js';
import { activateAccount } from '../steps/activate-account.js';
import { checkAdminSession } from '../steps/check-admin-session.js';
import { checkCallbackError } from '../steps/check-callback-error.js';
import { checkIssuer } from '../steps/check-issuer.js';
import { completeLink } from '../steps/complete-link.js';
import { REQUEST_STATUS } from '../steps/create-authorization-request.js';
import { exchangeCode } from '../steps/exchange-code.js';
import { fetchUserInfo } from '../steps/fetch-user-info.js';
import { holdForVerification } from '../steps/hold-for-verification.js';
import { claimCallback, failRequest, loadAuthorizationRequest, STATE_USED } from '../steps/load-authorization-request.js';
import { LINK_USED } from '../steps/load-link.js';
import { loadConnection } from '../steps/load-connection.js';
import { readTokenResponse } from '../steps/read-token-response.js';
import { unusableConnection } from './open-link.js';

export interface CallbackDeps {
  db: Kysely<Tables>;
  vault: Vault;
  publicUrl: string;
  /** Bound per call to the environment's allow-list (non-public hosts it may reach). */
  outbound: OutboundFetcher;
  /** Told when the account's credentials change, so cached ones in this process are dropped. */
  changes?: ChangeFeed;
}

export type CallbackQuery = Record<string, string | undefined>;

/**
 * The redirection endpoint (RFC 6749 §3.1.2), `GET /connect/oauth/callback`. Steps:
 * load_authorization_request → check_admin_session (dashboard_users) → claim_callback → load_link →
 * load_connection → check_callback_error → check_issuer → exchange_code → read_token_response →
 * fetch_user_info → hold_for_verification (custom) | complete_link + activate_account (dashboard_users).
 * A missing admin session claims nothing, so the same callback URL completes once the browser signs
 * in; any failure after the claim marks the request FAILED; nothing reaches the account.
 * Returns where to send the browser.
 */
export async function handleOAuthCallback(deps: CallbackDeps, query: CallbackQuery, adminSessionToken: string | undefined): Promise<string> {
  const request = await loadAuthorizationRequest(deps.db, query.state);
  // Read once: the mode checked before the claim is the one the flow completes under.
  const mode = await verificationModeOf(deps.db, request.environment_id);
  await checkAdminSession(deps.db, request, mode, query, adminSessionToken);
  await claimCallback(deps.db, request);
  try {
    return await finish(deps, request, query, mode);
  } catch (err) {
    await failRequest(deps.db, request.id);
    throw err;
  }
}

async function finish(deps: CallbackDeps, request: AuthorizationRequestRow, query: CallbackQuery, mode: VerificationMode | undefined): Promise<string> {
  const { db, vault } = deps;
  const envId = request.environment_id;
  const link = await db.selectFrom('authorization_links').selectAll().where('id', '=', request.link_id).executeTakeFirstOrThrow();
  if (link.completed_at) throw LINK_USED();
  const account = await getAccountRow(db, envId, request.account_id).catch(unusableConnection);
  const ctx = await loadConnection(db, envId, account.connection_id).catch(unusableConnection);
  const name = ctx.providerName;
  checkCallbackError(query, name);

  const oauth = resolveOAuthConfig(ctx.pattern.oauth_config!);
  const accountFields = JSON.parse(request.account_fields) as Record<string, string>;
  checkIssuer(query.iss, fillTemplate(oauth.authorize_uri, accountFields), name);

  if (!mode || (mode === 'custom' && !link.user_verify_url)) {
    throw new FlowError('invalid_request', 'This connection is not available', `User verification for ${name} is not set up. Ask the app's administrator to configure it.`, 409);
  }

  const fetch = deps.outbound.forAllowList(await environmentAllowList(db, envId));
  const secrets = await openRequestSecrets(vault, request);
  const clientSecret = await readConnectionSecret(vault, ctx.row);
  if (!clientSecret || !ctx.connection.clientId) {
    throw new FlowError('invalid_request', 'This connection is not available', `The ${name} connection has no OAuth client any more. Ask the app's administrator to set it up.`, 409);
  }
  const res = await exchangeCode({
    oauth,
    tokenUri: fillTemplate(oauth.token_uri, accountFields),
    clientId: ctx.connection.clientId,
    clientSecret,
    redirectUri: oauthRedirectUri(deps.publicUrl),
    code: query.code!,
    state: query.state!,
    codeVerifier: secrets.code_verifier,
    fetch,
    providerName: name,
  });
  const tokens = await readTokenResponse(res, oauth, secrets.requested_scopes ?? [], name);
  const fields = { ...accountFields, ...tokens.accountFields };
  const user = await fetchUserInfo({ oauth, accessToken: tokens.credentials.access_token, accountFields: fields, tokenJson: tokens.json, fetch, providerName: name });
  const grant: HeldGrant = {
    credentials: tokens.credentials,
    token_expires_at: tokens.tokenExpiresAt,
    scopes: tokens.scopes,
    account_fields: fields,
    authorized_user_id: user.id,
    authorized_user_email: user.email,
  };

  if (mode === 'custom') {
    const authRequestId = await holdForVerification(db, vault, request, account, grant);
    return userVerifyRedirect(link.user_verify_url!, authRequestId, link.app_state);
  }
  await db.transaction().execute(async (trx) => {
    await completeLink(trx, link.id);
    const r = await trx
      .updateTable('authorization_requests')
      .set({ status: REQUEST_STATUS.completed, secrets_ciphertext: null, completed_at: new Date().toISOString() })
      .where('id', '=', request.id)
      .where('status', '=', REQUEST_STATUS.callbackReceived)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw STATE_USED();
    await activateAccount(trx, vault, account, grant);
  });
  deps.changes?.accountChanged(account.environment_id, account.id);
  return resultUrl(deps.publicUrl, request.id);
}
