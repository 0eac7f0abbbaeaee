import { defineTool } from '../../definition/tool-spec.js';
import { blockOut, shapeBlock } from './block-text.js';
import { nextCursor, nextCursorOut, notionCall, pageId, pageSize, startCursor } from './notion-api.js';

interface Input { page_id: string; page_size?: number; start_cursor?: string }

/** GET /v1/blocks/{id}/children: a page's (or block's) body, one level, each block decoded to plain text. */
export const notionGetPageContent = defineTool({
  definition: {
    name: 'notion_get_page_content',
    display_name: 'Get Notion page content',
    description: "Read a page's text blocks; for a has_children block, call again with its id.",
    provider: 'notion',
    category: 'knowledge_base',
    input_schema: {
      type: 'object',
      properties: {
        page_id: pageId('Page or block id'),
        page_size: pageSize(50),
        start_cursor: startCursor,
      },
      required: ['page_id'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { blocks: { type: 'array', items: blockOut }, next_cursor: nextCursorOut },
      required: ['blocks', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input: Input, ctx) {
    const body = await notionCall(ctx, {
      method: 'GET',
      path: `/v1/blocks/${encodeURIComponent(input.page_id)}/children`,
      query: { page_size: input.page_size ?? 50, start_cursor: input.start_cursor },
    });
    return { blocks: (body.results ?? []).map(shapeBlock), next_cursor: nextCursor(body) };
  },
});
