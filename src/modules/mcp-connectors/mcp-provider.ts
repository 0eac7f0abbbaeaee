import type { ProviderDefinition } from '../providers/definition/provider-definition.js';

/** A provider whose `proxy_url` is a remote MCP server (Streamable HTTP): its tools are imported per account. */
export const isMcpProvider = (definition: Pick<ProviderDefinition, 'kind'>): boolean => definition.kind === 'MCP';
