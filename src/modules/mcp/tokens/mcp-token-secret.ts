import { hashToken, looksLikeFlowSecret, newFlowSecret } from '../../authorization/flow-secrets.js';

/** MCP bearer tokens: `lk_mcp_` + 256 random bits, stored only as their SHA-256 (a lookup by hash leaks nothing by timing). */
export const MCP_TOKEN_PREFIX = 'lk_mcp_';

export const newMcpTokenSecret = (): string => MCP_TOKEN_PREFIX + newFlowSecret();
export const hashMcpToken = hashToken;
export const looksLikeMcpToken = (s: unknown): s is string => looksLikeFlowSecret(s, MCP_TOKEN_PREFIX);
/** What a listing shows of a secret: enough to tell tokens apart, nothing to use. */
export const tokenHint = (secret: string): string => `${MCP_TOKEN_PREFIX}…${secret.slice(-4)}`;
