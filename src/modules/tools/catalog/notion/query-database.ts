import { defineTool } from '../../definition/tool-spec.js';
import { nextCursor, nextCursorOut, notionCall, pageId, pageSize, startCursor } from './notion-api.js';
import { flatProperties, pageTitle, propertiesOut } from './page-shape.js';

interface Input { database_id: string; filter?: Record<string, unknown>; sorts?: unknown[]; page_size?: number; start_cursor?: string }

/** POST /v1/databases/{id}/query (API 2022-06-28): rows with their properties decoded to plain values. */
export const notionQueryDatabase = defineTool({
  definition: {
    name: 'notion_query_database',
    display_name: 'Query Notion database',
    description: 'List rows of a database, optionally filtered and sorted.',
    provider: 'notion',
    category: 'knowledge_base',
    input_schema: {
      type: 'object',
      properties: {
        database_id: pageId(),
        filter: { type: 'object', description: 'Notion filter object' },
        sorts: {
          type: 'array',
          maxItems: 5,
          items: {
            type: 'object',
            properties: {
              property: { type: 'string', maxLength: 100 },
              timestamp: { type: 'string', enum: ['created_time', 'last_edited_time'] },
              direction: { type: 'string', enum: ['ascending', 'descending'] },
            },
            required: ['direction'],
            additionalProperties: false,
          },
        },
        page_size: pageSize(20),
        start_cursor: startCursor,
      },
      required: ['database_id'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        results: {
          type: 'array',
          items: {
            type: 'object',
            properties: { id: { type: 'string' }, title: { type: 'string' }, url: { type: 'string' }, properties: propertiesOut },
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
      path: `/v1/databases/${encodeURIComponent(input.database_id)}/query`,
      json: { filter: input.filter, sorts: input.sorts, page_size: input.page_size ?? 20, start_cursor: input.start_cursor },
    });
    return {
      results: (body.results ?? []).map((p: any) => ({ id: p.id, title: pageTitle(p), url: p.url ?? '', properties: flatProperties(p) })),
      next_cursor: nextCursor(body),
    };
  },
});
