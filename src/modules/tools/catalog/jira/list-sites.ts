import { defineTool } from '../../definition/tool-spec.js';
import { listJiraSites } from './jira-api.js';

export const listSites = defineTool<Record<string, never>, unknown>({
  definition: {
    name: 'jira_list_sites',
    display_name: 'List Jira sites',
    description: 'List reachable Jira sites and their cloud_id. Issues open at <url>/browse/<KEY>.',
    provider: 'jira',
    category: 'project_management',
    input_schema: { type: 'object', properties: {}, additionalProperties: false },
    output_schema: {
      type: 'object',
      properties: {
        sites: {
          type: 'array',
          items: {
            type: 'object',
            properties: { cloud_id: { type: 'string' }, name: { type: 'string' }, url: { type: 'string' } },
            required: ['cloud_id'],
          },
        },
      },
      required: ['sites'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(_input, ctx) {
    const sites = await listJiraSites(ctx);
    return { sites: sites.map((s) => ({ cloud_id: s.id, name: s.name, url: s.url })) };
  },
});
