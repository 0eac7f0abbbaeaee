import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import type { ChangeFeed } from '../../changes/change-feed.js';
import { environmentToolRegistry } from '../../tools/registry/environment-registry.js';
import type { ToolRegistry } from '../../tools/registry/tool-registry.js';
import type { McpCaller } from '../auth/mcp-caller.js';
import { endpointPath } from '../endpoints/mcp-endpoint.js';
import { endpointTools, type EndpointTool } from './endpoint-tools.js';

/** As long as ExecuteTool keeps a resolved account: a change by the CLI or another replica shows within it. */
export const ENDPOINT_TOOLS_TTL_MS = 5_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  /** The environment's registry the tools came from: custom tools changed here build a new one (a miss). */
  registry: ToolRegistry;
  tools: readonly EndpointTool[];
  until: number;
}

/**
 * The endpoint's tools per caller (endpoint-tools.ts), so tools/call and tools/list do not list
 * the scoped tools again on every request. One entry per environment, identifier and endpoint:
 * nothing is shared between users. Every change this process makes in the environment (an
 * account connected or revoked, a connection or endpoint changed) drops its entries at once.
 */
export class EndpointToolCache {
  private readonly entries = new Map<string, Entry>();
  /** Bumped by every change: a listing that began before one is not kept (it may predate it). */
  private generation = 0;

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly base: ToolRegistry,
    changes: ChangeFeed | undefined,
    private readonly ttlMs = ENDPOINT_TOOLS_TTL_MS,
  ) {
    changes?.subscribe((change) => this.forgetEnvironment(change.envId));
  }

  async of(caller: McpCaller): Promise<readonly EndpointTool[]> {
    // Custom tools join the catalog per environment, as for ListScopedTools over the SDK.
    const registry = await environmentToolRegistry(this.db, this.base, caller.envId);
    const key = `${caller.envId}\n${caller.identifier}\n${endpointPath(caller.endpoint.ref)}`;
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.until > now && hit.registry === registry) return hit.tools;
    const generation = this.generation;
    const tools = await endpointTools(this.db, registry, caller);
    if (generation !== this.generation) return tools;
    if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
    this.entries.set(key, { registry, tools, until: now + this.ttlMs });
    return tools;
  }

  forgetEnvironment(envId: string): void {
    this.generation++;
    const prefix = `${envId}\n`;
    for (const key of this.entries.keys()) if (key.startsWith(prefix)) this.entries.delete(key);
  }
}
