import { defineTool } from '../../definition/tool-spec.js';
import { listConfluenceSites } from './confluence-api.js';

export const listSites = defineTool<Record<string, never>, unknown>({
  definition: {
    name: 'confluence_list_sites',
    display_name: 'List Confluence sites',
    description: 'List reachable Confluence sites and their cloud_id.',
    provider: 'confluence',
    category: 'knowledge_base',
    input_schema: { type: 'object', properties: {}, additionalProperties: false },
    output_schema: {
      type: 'object',
      properties: {
        sites: {
          type: 'array',
          items: { type: 'object', properties: { cloud_id: { type: 'string' }, name: { type: 'string' }, url: { type: 'string' } }, required: ['cloud_id'] },
        },
      },
      required: ['sites'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(_input, ctx) {
    const sites = await listConfluenceSites(ctx);
    return { sites: sites.map((s) => ({ cloud_id: s.id, name: s.name, url: s.url })) };
  },
});
