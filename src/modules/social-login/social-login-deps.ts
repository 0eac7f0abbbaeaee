import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { Vault } from '../vault/vault.js';
import type { OutboundFetcher } from '../egress/outbound-fetch.js';

export interface SocialLoginDeps {
  db: Kysely<Tables>;
  vault: Vault;
  /** Base of the callback URL registered with every provider: `<publicUrl>/ui/login/social/callback`. */
  publicUrl: string;
  /** The connected-account flow's outbound fetch (egress guard), bound per environment to its allow-list. */
  outbound: OutboundFetcher;
}

export const SOCIAL_CALLBACK_PATH = '/ui/login/social/callback';
export const socialCallbackUrl = (publicUrl: string): string => `${publicUrl}${SOCIAL_CALLBACK_PATH}`;
