import type { PriorDiscovery } from '@modelcontextprotocol/client';
import type { ChangeFeed } from '../changes/change-feed.js';
import type { RegisteredTool } from '../tools/registry/tool-registry.js';

/** How long an account's imported tool list is reused when nothing says it changed. */
export const IMPORTED_TOOLS_TTL_MS = 5 * 60_000;
const MAX_ENTRIES = 10_000;

interface Entry {
  tools: readonly RegisteredTool[];
  expiresAt: number;
}

/**
 * Each account's imported tools, kept for a TTL and dropped at once when this process changes
 * the account (re-authorized, revoked, refreshed) or anything in its environment (the connection,
 * the provider), or when the upstream says `notifications/tools/list_changed`. Concurrent loads of
 * one account share one upstream `tools/list`; a load that began before a change is not kept.
 */
export class ImportedToolCache {
  private readonly entries = new Map<string, Entry>();
  private readonly loading = new Map<string, Promise<readonly RegisteredTool[]>>();
  /** The era verdict of the account's last session, so the next one skips the server/discover probe. */
  private readonly priors = new Map<string, PriorDiscovery>();
  private generation = 0;

  constructor(
    changes: ChangeFeed | undefined,
    private readonly ttlMs = IMPORTED_TOOLS_TTL_MS,
  ) {
    changes?.subscribe((c) => (c.kind === 'account' ? this.forgetAccount(c.envId, c.accountId) : this.forgetEnvironment(c.envId)));
  }

  get(envId: string, accountId: string, load: () => Promise<readonly RegisteredTool[]>): Promise<readonly RegisteredTool[]> {
    const key = `${envId}\n${accountId}`;
    const hit = this.entries.get(key);
    if (hit && hit.expiresAt > Date.now()) return Promise.resolve(hit.tools);
    const pending = this.loading.get(key);
    if (pending) return pending;
    const generation = this.generation;
    const started = Date.now();
    const p = load()
      .then((tools) => {
        if (generation === this.generation) {
          if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
          this.entries.set(key, { tools, expiresAt: started + this.ttlMs });
        }
        return tools;
      })
      .finally(() => {
        if (this.loading.get(key) === p) this.loading.delete(key);
      });
    this.loading.set(key, p);
    return p;
  }

  /** A fresh cached import of the environment that holds `name` (any account), if one does. */
  anyWith(envId: string, name: string): RegisteredTool | undefined {
    const prefix = `${envId}\n`;
    const now = Date.now();
    for (const [key, e] of this.entries) {
      if (!key.startsWith(prefix) || e.expiresAt <= now) continue;
      const tool = e.tools.find((t) => t.name === name);
      if (tool) return tool;
    }
    return undefined;
  }

  priorOf(envId: string, accountId: string): PriorDiscovery | undefined {
    return this.priors.get(`${envId}\n${accountId}`);
  }

  remember(envId: string, accountId: string, prior: PriorDiscovery): void {
    if (this.priors.size >= MAX_ENTRIES) this.priors.clear();
    this.priors.set(`${envId}\n${accountId}`, prior);
  }

  forgetAccount(envId: string, accountId: string): void {
    this.generation++;
    const key = `${envId}\n${accountId}`;
    this.entries.delete(key);
    this.loading.delete(key);
    this.priors.delete(key);
  }

  forgetEnvironment(envId: string): void {
    this.generation++;
    const prefix = `${envId}\n`;
    for (const map of [this.entries, this.loading, this.priors]) for (const key of map.keys()) if (key.startsWith(prefix)) map.delete(key);
  }
}
