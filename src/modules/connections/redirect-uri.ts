/** The OAuth redirect URI every connection's provider app must allow: one per Latchkey deployment. */
export const oauthRedirectUri = (publicUrl: string): string => `${publicUrl}/connect/oauth/callback`;
