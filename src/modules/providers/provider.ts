import type { ProviderDefinition } from './definition/provider-definition.js';

export type ProviderType = 'BUILTIN' | 'CUSTOM';

/** A provider as an environment sees it: a built-in catalog entry or one of its custom providers. */
export interface Provider {
  /** The key connections refer to (`gmail`, `my_asana`). */
  identifier: string;
  providerType: ProviderType;
  definition: ProviderDefinition;
  createdAt?: Date;
  updatedAt?: Date;
}

/** The JSON a provider is served as: the definition as posted, plus its identity. */
export function providerToJson(p: Provider): Record<string, unknown> {
  const { key: _key, ...definition } = p.definition;
  return {
    identifier: p.identifier,
    provider_type: p.providerType,
    ...definition,
    ...(p.createdAt ? { create_time: p.createdAt.toISOString() } : {}),
    ...(p.updatedAt ? { update_time: p.updatedAt.toISOString() } : {}),
  };
}
