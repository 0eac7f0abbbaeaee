import { createHash } from 'node:crypto';
import type { ChangeFeed } from '../../changes/change-feed.js';
import { endpointPath, type McpEndpointRef } from '../endpoints/mcp-endpoint.js';
import type { McpCaller } from './mcp-caller.js';

/** As long as ExecuteTool keeps a resolved account: a revocation by the CLI or another replica shows within it. */
export const MCP_CALLER_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

/**
 * Verified callers of the token kinds that allow it (secret MCP tokens), so a warm request reads
 * no database. Keyed by the token's SHA-256 and the endpoint: the secret itself is never kept.
 * Every change this process makes in an environment (a token revoked, an endpoint or server
 * removed, a connection changed) drops that environment's entries at once; a hit still honours
 * the token's expiry. Failures are never cached.
 */
export class McpCallerCache {
  private readonly entries = new Map<string, { caller: McpCaller; until: number }>();
  /** Bumped by every change: a verification that began before one is not kept (it may predate it). */
  private generation = 0;

  constructor(
    changes: ChangeFeed | undefined,
    private readonly ttlMs = MCP_CALLER_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {
    changes?.subscribe((change) => this.forgetEnvironment(change.envId));
  }

  async get(token: string, ref: McpEndpointRef, verify: () => Promise<McpCaller>): Promise<McpCaller> {
    const key = `${createHash('sha256').update(token).digest('base64url')}\n${endpointPath(ref)}`;
    const now = this.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now && (!hit.caller.expiresAt || hit.caller.expiresAt.getTime() > now)) return hit.caller;
    const generation = this.generation;
    const caller = await verify();
    if (generation !== this.generation) return caller;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { caller, until: now + this.ttlMs });
    return caller;
  }

  forgetEnvironment(envId: string): void {
    this.generation++;
    for (const [key, e] of this.entries) if (e.caller.envId === envId) this.entries.delete(key);
  }
}
