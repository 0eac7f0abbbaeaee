import { defineTool, type ToolSpec } from '../../src/modules/tools/definition/tool-spec.js';

/**
 * Small tools on a custom provider (`fake_api`) whose proxy_url is a loopback fake, registered
 * through the server's tool registry option: the pipeline is under test here, not a connector.
 */
export const listItems = defineTool<{ query: string; max_results?: number }, { items: Array<{ id: string; title: string }>; next_cursor: string | null }>({
  definition: {
    name: 'fake_list_items',
    display_name: 'List items',
    description: 'Lists the items matching a query.',
    provider: 'fake_api',
    category: 'test',
    input_schema: {
      type: 'object',
      properties: {
        query: { type: 'string', minLength: 1, maxLength: 50, description: 'What to look for' },
        max_results: { type: 'integer', minimum: 1, maximum: 50, description: 'Page size' },
      },
      required: ['query'],
      additionalProperties: false,
    },
    output_schema: { type: 'object', properties: { items: { type: 'array' }, next_cursor: { type: ['string', 'null'] } }, required: ['items'] },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  request: (input) => ({ method: 'GET', path: '/v1/items', query: { q: input.query, limit: input.max_results } }),
  shape: (body: { items: Array<{ id: string; title: string; raw?: unknown }>; cursor?: string }) => ({
    items: body.items.map((i) => ({ id: i.id, title: i.title })),
    next_cursor: body.cursor ?? null,
  }),
});

/** A write tool (a POST with a JSON body) answering a list: the response data wraps it as `result`. */
export const createItems = defineTool<{ titles: string[] }, string[]>({
  definition: {
    name: 'fake_create_items',
    display_name: 'Create items',
    description: 'Creates one item per title and returns their ids.',
    provider: 'fake_api',
    category: 'test',
    input_schema: { type: 'object', properties: { titles: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 5 } }, required: ['titles'], additionalProperties: false },
    output_schema: { type: 'array', items: { type: 'string' } },
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '2.1.0',
  request: (input) => ({ method: 'POST', path: '/v1/items', json: { titles: input.titles } }),
  shape: (body: { ids: string[] }) => body.ids,
});

/** The OAuth upstream's tool (a custom provider on the oidc fake, its API an echo fake). */
export const whoAmI = defineTool<Record<string, never>, { url: string }>({
  definition: {
    name: 'fake_oidc_api_whoami',
    display_name: 'Who am I',
    description: 'Reads the current user.',
    provider: 'fake_oidc_api',
    category: 'test',
    input_schema: { type: 'object', properties: {}, additionalProperties: false },
    output_schema: { type: 'object', properties: { url: { type: 'string' } } },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  request: () => ({ method: 'GET', path: '/v1/me' }),
  shape: (body: { url: string }) => ({ url: body.url }),
});

export const TEST_TOOLS: ToolSpec[] = [listItems, createItems, whoAmI];
