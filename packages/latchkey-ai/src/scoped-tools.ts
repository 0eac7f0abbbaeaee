import type { ScalekitClient } from '@scalekit-sdk/node';

/** The filter `tools.listScopedTools` takes: providers, tool names, connection names. */
export interface ScopedToolFilterInit {
  providers?: string[];
  toolNames?: string[];
  connectionNames?: string[];
}

/** One scoped tool as every adapter needs it: what the model sees, and whose account runs it. */
export interface ToolDescriptor {
  name: string;
  description: string;
  /** The tool's JSON Schema (an object schema), untouched. */
  inputSchema: Record<string, unknown>;
  identifier: string;
  /** '' for a tool that runs on no account of its own. */
  connectedAccountId: string;
}

const EMPTY_OBJECT_SCHEMA = { type: 'object', properties: {} };
const PAGE_SIZE = 100;

/**
 * Every tool the identifier may call, across pages. A name listed again (one tool on two
 * accounts) keeps its first entry: a model needs unique names, and the `connector` option picks
 * the account when the identifier has several.
 */
export async function listAllScopedTools(scalekit: ScalekitClient, identifier: string, filter: ScopedToolFilterInit): Promise<ToolDescriptor[]> {
  const byName = new Map<string, ToolDescriptor>();
  let pageToken = '';
  do {
    const page = await scalekit.tools.listScopedTools(identifier, { filter, pageSize: PAGE_SIZE, pageToken });
    for (const scoped of page.tools) {
      const definition = (scoped.tool?.definition ?? {}) as Record<string, any>;
      const name = typeof definition.name === 'string' ? definition.name : '';
      if (!name || byName.has(name)) continue;
      byName.set(name, {
        name,
        description: typeof definition.description === 'string' ? definition.description : '',
        inputSchema: definition.input_schema && typeof definition.input_schema === 'object' ? definition.input_schema : EMPTY_OBJECT_SCHEMA,
        identifier: scoped.identifier || identifier,
        connectedAccountId: scoped.connectedAccountId,
      });
    }
    pageToken = page.nextPageToken;
  } while (pageToken);
  return [...byName.values()];
}
