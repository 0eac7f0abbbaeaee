import type { ResolvedEndpoint } from '../endpoints/resolve-endpoint.js';

/** Who is calling an MCP endpoint, once authenticated: a user (the connected-account identifier) of one environment. */
export interface McpCaller {
  envId: string;
  /** The connected-account identifier whose accounts the tools run as. */
  identifier: string;
  endpoint: ResolvedEndpoint;
  /** How the caller proved it, for logs: the token id (never the secret). */
  credentialId: string;
  /** When the credential stops working (legacy sessions end with it). */
  expiresAt: Date | undefined;
}
