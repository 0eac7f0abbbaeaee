import { AsyncLocalStorage } from 'node:async_hooks';
import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { environmentAllowList } from '../../egress/environment-allow-list.js';
import type { OutboundFetcher } from '../../egress/outbound-fetch.js';
import { AllowList } from '../../egress/ssrf-guard.js';
import { resolveResource } from '../resource/resource-endpoint.js';

/** Per provider request: the allow-list of the environment its `resource` names, once known. */
interface RequestEgress {
  allow: AllowList;
}

/**
 * Everything the provider fetches (client ID metadata documents) goes through the egress guard
 * with the allow-list of the environment the request is for: `allowFetch` learns it from the
 * request's `resource`; without one, only public destinations are reachable.
 */
export class ProviderEgress {
  private readonly store = new AsyncLocalStorage<RequestEgress>();

  constructor(
    private readonly db: Kysely<Tables>,
    private readonly publicUrl: string,
    private readonly outbound: OutboundFetcher,
  ) {}

  /** Runs one provider request with its own egress state. */
  run<T>(fn: () => T): T {
    return this.store.run({ allow: AllowList.EMPTY }, fn);
  }

  /** Called before a fetch for the current request (the provider's `allowFetch` hooks). */
  async scopeTo(resource: unknown): Promise<void> {
    const state = this.store.getStore();
    if (!state || typeof resource !== 'string') return;
    try {
      state.allow = await environmentAllowList(this.db, (await resolveResource(this.db, this.publicUrl, resource)).envId);
    } catch {
      // An unknown resource is refused later, with its own message; the fetch stays public-only.
    }
  }

  /** The provider's `fetch`: its own dispatcher is replaced by the guarded one. */
  readonly fetch = (url: string | URL, init: RequestInit & { dispatcher?: unknown }): Promise<Response> => {
    const { dispatcher: _theirs, ...rest } = init;
    return this.outbound.forAllowList(this.store.getStore()?.allow ?? AllowList.EMPTY)(String(url), rest);
  };
}
