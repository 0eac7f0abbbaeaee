import type { FakeMcpTool } from '../fakes/mcp-upstream.js';

/** The tools a fake Apify-like MCP server serves: one with an outputSchema, one without, one failing. */
export function apifyTools(): FakeMcpTool[] {
  return [
    {
      name: 'fetch-apify-docs',
      title: 'Fetch Apify docs',
      description: 'Fetches a page of the Apify documentation as text.',
      inputSchema: { type: 'object', properties: { url: { type: 'string', minLength: 1, description: 'Docs page URL' } }, required: ['url'], additionalProperties: false },
      outputSchema: { type: 'object', properties: { url: { type: 'string' }, text: { type: 'string' } }, required: ['url', 'text'] },
      annotations: { readOnlyHint: true, openWorldHint: true },
      run: (args) => ({ content: [{ type: 'text', text: `docs of ${String(args.url)}` }], structuredContent: { url: String(args.url), text: `docs of ${String(args.url)}` } }),
    },
    {
      name: 'search-actors',
      description: 'Searches the Apify store for actors.',
      inputSchema: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { query: { type: 'string' }, limit: { type: 'integer', maximum: 10 } }, required: ['query'] },
      annotations: { readOnlyHint: true, idempotentHint: true },
      run: (args) => ({ content: [{ type: 'text', text: `found 2 actors for ${String(args.query)}` }] }),
    },
    {
      name: 'call-actor',
      description: 'Runs an actor.',
      inputSchema: { type: 'object', properties: { actor: { type: 'string' } }, required: ['actor'] },
      annotations: { destructiveHint: false },
      run: () => ({ content: [{ type: 'text', text: 'the actor run quota is exhausted for this account' }], isError: true }),
    },
  ];
}

/** A tool to add later (the upstream's list changes). */
export const extraTool = (name: string): FakeMcpTool => ({
  name,
  description: `The ${name} tool, added later.`,
  inputSchema: { type: 'object', properties: {} },
  run: () => ({ content: [{ type: 'text', text: `${name} ran` }] }),
});
