import { defineTool } from '../../definition/tool-spec.js';
import { notionCall, pageId } from './notion-api.js';
import { pageTitle } from './page-shape.js';

/** GET /v1/databases/{id}: the property names, types and options a model needs to write a query filter. */
export const notionGetDatabase = defineTool({
  definition: {
    name: 'notion_get_database',
    display_name: 'Get Notion database',
    description: "Read a database's property names, types and options, to write a query filter.",
    provider: 'notion',
    category: 'knowledge_base',
    input_schema: {
      type: 'object',
      properties: { database_id: pageId() },
      required: ['database_id'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        title: { type: 'string' },
        url: { type: 'string' },
        properties: {
          type: 'array',
          items: {
            type: 'object',
            properties: { name: { type: 'string' }, type: { type: 'string' }, options: { type: 'array', items: { type: 'string' } } },
          },
        },
      },
      required: ['id', 'title', 'url', 'properties'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input: { database_id: string }, ctx) {
    const db = await notionCall(ctx, { method: 'GET', path: `/v1/databases/${encodeURIComponent(input.database_id)}` });
    const properties = Object.entries(db.properties ?? {}).map(([name, p]: [string, any]) => {
      const options = p?.[p.type]?.options;
      return Array.isArray(options) ? { name, type: p.type, options: options.map((o: any) => o.name) } : { name, type: p.type };
    });
    return { id: db.id, title: pageTitle(db), url: db.url ?? '', properties };
  },
});
