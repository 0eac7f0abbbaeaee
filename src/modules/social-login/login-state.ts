import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { SocialLoginStateRow } from '../../storage/schema-social-login.js';
import { newId } from '../../storage/ids.js';
import type { Vault } from '../vault/vault.js';
import { hashToken, looksLikeFlowSecret, newFlowSecret, sameSecret } from '../authorization/flow-secrets.js';
import { socialError } from './social-login-error.js';

/** Long enough to sign in at a provider (with its own MFA), short enough that a leaked state is stale. */
export const STATE_TTL_SECONDS = 600;

export interface StateSecrets {
  codeVerifier: string;
  /** OIDC only: the id_token must carry it back (OpenID Connect Core §3.1.2.1). */
  nonce?: string;
}

export interface ClaimedState {
  row: SocialLoginStateRow;
  secrets: StateSecrets;
}

const secretsAad = (row: Pick<SocialLoginStateRow, 'environment_id' | 'id'>) => `${row.environment_id}:social_login_states:${row.id}:secrets`;

const UNKNOWN = () =>
  socialError('invalid_request', 'This sign-in cannot be completed', 'The answer from the provider does not match a sign-in started here: it was already used, has expired, or comes from another page. Start the sign-in again from your app.');
const OTHER_BROWSER = () =>
  socialError('invalid_request', 'This sign-in was started in another browser', 'For your security, a sign-in finishes only in the browser that started it. Start the sign-in again from your app in this browser.');

/**
 * Records a sign-in in flight: the `state` sent upstream (single use, RFC 6749 §10.12) bound to
 * this browser (the cookie value `browser`, a fresh secret when the browser has none) and to the
 * interaction. Only hashes of `state` and `browser` are stored; PKCE verifier and nonce are sealed.
 */
export async function createLoginState(
  db: Kysely<Tables>,
  vault: Vault,
  i: { environmentId: string; interactionUid: string; providerKey: string; browser: string | undefined; secrets: StateSecrets; now?: Date },
): Promise<{ state: string; browser: string }> {
  const state = newFlowSecret();
  const browser = looksLikeFlowSecret(i.browser) ? i.browser : newFlowSecret();
  const now = i.now ?? new Date();
  const base = { id: newId('sls'), environment_id: i.environmentId };
  await db
    .insertInto('social_login_states')
    .values({
      ...base,
      interaction_uid: i.interactionUid,
      provider_key: i.providerKey,
      state_hash: hashToken(state),
      browser_hash: hashToken(browser),
      secrets_ciphertext: vault.encrypt(JSON.stringify(i.secrets), secretsAad(base)),
      expires_at: new Date(now.getTime() + STATE_TTL_SECONDS * 1000).toISOString(),
      used_at: null,
      created_at: now.toISOString(),
    })
    .execute();
  return { state, browser };
}

/**
 * Takes the state back exactly once, in this browser: an unknown, expired or used state and a
 * browser without the matching cookie are refused (a replayed or forged callback); a mismatch
 * claims nothing, so the real browser can still finish. Two callbacks racing: one wins.
 */
export async function claimLoginState(db: Kysely<Tables>, vault: Vault, state: unknown, browser: string | undefined, now = new Date()): Promise<ClaimedState> {
  if (!looksLikeFlowSecret(state)) throw UNKNOWN();
  const row = await db.selectFrom('social_login_states').selectAll().where('state_hash', '=', hashToken(state)).executeTakeFirst();
  if (!row || row.used_at || row.expires_at <= now.toISOString()) throw UNKNOWN();
  if (!browser || !sameSecret(hashToken(browser), row.browser_hash)) throw OTHER_BROWSER();
  const r = await db.updateTable('social_login_states').set({ used_at: now.toISOString() }).where('id', '=', row.id).where('used_at', 'is', null).executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) throw UNKNOWN();
  const secrets = JSON.parse(await vault.decrypt(row.secrets_ciphertext, secretsAad(row))) as StateSecrets;
  return { row, secrets };
}

/** Drops states that can no longer be used (called as new ones are made; no timer needed). */
export async function pruneLoginStates(db: Kysely<Tables>, now = new Date()): Promise<void> {
  await db.deleteFrom('social_login_states').where('expires_at', '<', new Date(now.getTime() - 3600_000).toISOString()).execute();
}
