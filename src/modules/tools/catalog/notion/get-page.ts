import { defineTool } from '../../definition/tool-spec.js';
import { notionCall, pageId } from './notion-api.js';
import { flatProperties, pageTitle, parentOf, propertiesOut } from './page-shape.js';

/** GET /v1/pages/{id}: a page's title and properties, decoded; its body is notion_get_page_content. */
export const notionGetPage = defineTool({
  definition: {
    name: 'notion_get_page',
    display_name: 'Get Notion page',
    description: "Read a page's title, parent and properties (body: notion_get_page_content).",
    provider: 'notion',
    category: 'knowledge_base',
    input_schema: {
      type: 'object',
      properties: { page_id: pageId() },
      required: ['page_id'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        id: { type: 'string' },
        title: { type: 'string' },
        url: { type: 'string' },
        parent: { type: 'object', properties: { type: { type: 'string' }, id: { type: ['string', 'null'] } } },
        created_time: { type: 'string' },
        last_edited_time: { type: 'string' },
        archived: { type: 'boolean' },
        properties: propertiesOut,
      },
      required: ['id', 'title', 'url', 'parent', 'archived', 'properties'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input: { page_id: string }, ctx) {
    const page = await notionCall(ctx, { method: 'GET', path: `/v1/pages/${encodeURIComponent(input.page_id)}` });
    return {
      id: page.id,
      title: pageTitle(page),
      url: page.url ?? '',
      parent: parentOf(page),
      created_time: page.created_time,
      last_edited_time: page.last_edited_time,
      archived: Boolean(page.archived || page.in_trash),
      properties: flatProperties(page),
    };
  },
});
