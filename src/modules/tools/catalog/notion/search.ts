import { defineTool } from '../../definition/tool-spec.js';
import { nextCursor, nextCursorOut, notionCall, pageSize, startCursor } from './notion-api.js';
import { pageTitle } from './page-shape.js';

interface Input { query?: string; object?: 'page' | 'database'; page_size?: number; start_cursor?: string }

/** POST /v1/search: title search over what the integration can see, newest edits first. */
export const notionSearch = defineTool({
  definition: {
    name: 'notion_search',
    display_name: 'Search Notion',
    description: 'Find pages and databases by title, newest edits first.',
    provider: 'notion',
    category: 'knowledge_base',
    input_schema: {
      type: 'object',
      properties: {
        query: { type: 'string', maxLength: 200, description: 'Title words; omit for all' },
        object: { type: 'string', enum: ['page', 'database'] },
        page_size: pageSize(10),
        start_cursor: startCursor,
      },
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        results: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string' },
              object: { type: 'string', enum: ['page', 'database'] },
              title: { type: 'string' },
              url: { type: 'string' },
              last_edited_time: { type: 'string' },
            },
          },
        },
        next_cursor: nextCursorOut,
      },
      required: ['results', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input: Input, ctx) {
    const body = await notionCall(ctx, {
      method: 'POST',
      path: '/v1/search',
      json: {
        query: input.query,
        filter: input.object ? { property: 'object', value: input.object } : undefined,
        sort: { direction: 'descending', timestamp: 'last_edited_time' },
        page_size: input.page_size ?? 10,
        start_cursor: input.start_cursor,
      },
    });
    return {
      results: (body.results ?? []).map((r: any) => ({ id: r.id, object: r.object, title: pageTitle(r), url: r.url ?? '', last_edited_time: r.last_edited_time })),
      next_cursor: nextCursor(body),
    };
  },
});
