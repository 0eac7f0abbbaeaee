/** What a validated (or listed) API token tells its holder's server: whose it is and the claims it carries. */
export interface ApiTokenInfo {
  tokenId: string;
  organizationId: string;
  organizationExternalId: string;
  userId: string | undefined;
  userExternalId: string | undefined;
  email: string | undefined;
  /** The user's roles in the organization (user-scoped tokens). */
  roles: string[];
  customClaims: Record<string, string>;
  description: string | undefined;
  expiry: Date | undefined;
  createdAt: Date;
  /** The token's last characters, so people can tell their tokens apart. */
  tokenSuffix: string;
}

/** Opaque tokens look like `lk_tok_…`; ids `apit_…`. A token field may carry either. */
export const TOKEN_PREFIX = 'lk_tok_';
export const TOKEN_ID_PREFIX = 'apit';
export const isTokenId = (value: string) => value.startsWith(`${TOKEN_ID_PREFIX}_`);
