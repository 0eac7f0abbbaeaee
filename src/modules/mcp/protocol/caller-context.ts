import type { AuthInfo } from '@modelcontextprotocol/server';
import type { McpCaller } from '../auth/mcp-caller.js';

/**
 * The authenticated caller rides the SDK's pass-through `authInfo` on every request (the SDK
 * never derives it from headers), so handlers read who is calling per request, also inside a
 * 2025-11-25 session.
 */
export function authInfoOf(caller: McpCaller): AuthInfo {
  return {
    // The credential's id, never its secret: nothing downstream needs the secret.
    token: caller.credentialId,
    clientId: caller.identifier,
    scopes: [],
    expiresAt: caller.expiresAt ? Math.floor(caller.expiresAt.getTime() / 1000) : undefined,
    extra: { caller },
  };
}

export function callerOf(ctx: { http?: { authInfo?: AuthInfo } }): McpCaller {
  const caller = ctx.http?.authInfo?.extra?.caller as McpCaller | undefined;
  // The HTTP route authenticates before any request reaches a server instance.
  if (!caller) throw new Error('MCP request without an authenticated caller');
  return caller;
}
