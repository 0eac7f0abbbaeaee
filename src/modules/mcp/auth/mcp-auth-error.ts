/**
 * Why a request to an MCP endpoint was not authenticated, as RFC 6750 §3 names it: no
 * credentials at all (`error` left out, so a client simply starts its authorization flow), or
 * `invalid_token` with a description that never repeats the token.
 */
export class McpAuthError extends Error {
  constructor(
    readonly error: 'missing_token' | 'invalid_token',
    readonly description: string,
  ) {
    super(description);
    this.name = 'McpAuthError';
  }
}

/** The endpoint is not served in the token's environment (unknown, or its connection is not enabled for MCP). */
export class McpEndpointNotFound extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'McpEndpointNotFound';
  }
}
