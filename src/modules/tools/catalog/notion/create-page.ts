import { defineTool } from '../../definition/tool-spec.js';
import { blocksIn, toNotionBlocks, type BlockIn } from './blocks-in.js';
import { notionCall, pageId } from './notion-api.js';
import { pageTitle } from './page-shape.js';
import { toRichText } from './rich-text.js';

interface Input { parent_id: string; parent_type?: 'page' | 'database'; title: string; blocks?: BlockIn[] }

/**
 * POST /v1/pages. The title goes in the property whose id is `title`: that is the title property of
 * a page and of every database, whatever the database calls it.
 */
export const notionCreatePage = defineTool({
  definition: {
    name: 'notion_create_page',
    display_name: 'Create Notion page',
    description: 'Create a page under a page, or a row in a database.',
    provider: 'notion',
    category: 'knowledge_base',
    input_schema: {
      type: 'object',
      properties: {
        parent_id: pageId(),
        parent_type: { type: 'string', enum: ['page', 'database'], default: 'page' },
        title: { type: 'string', minLength: 1, maxLength: 2000 },
        blocks: blocksIn,
      },
      required: ['parent_id', 'title'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { id: { type: 'string' }, title: { type: 'string' }, url: { type: 'string' } },
      required: ['id', 'title', 'url'],
    },
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input: Input, ctx) {
    const parent = input.parent_type === 'database' ? { database_id: input.parent_id } : { page_id: input.parent_id };
    const page = await notionCall(ctx, {
      method: 'POST',
      path: '/v1/pages',
      json: {
        parent,
        properties: { title: { title: toRichText(input.title) } },
        children: input.blocks ? toNotionBlocks(input.blocks) : undefined,
      },
    });
    return { id: page.id, title: pageTitle(page), url: page.url ?? '' };
  },
});
