import type { ToolSample } from './tool-sample.js';
import { DATABASE_ID, LIST_BLOCK_ID, PAGE_ID } from '../../fakes/providers/notion.js';

/** One valid input per notion tool, as its connector test runs it, and the calls it makes on the fake (a fresh one, in this order). */
export const notionSamples = {
  notion_search: {
    input: { query: 'launch', object: 'page' },
    calls: ['POST /v1/search'],
  },
  notion_get_page: {
    input: { page_id: '598337872cf94fdf8782e53db20768a5' },
    calls: ['GET /v1/pages/598337872cf94fdf8782e53db20768a5'],
  },
  notion_get_page_content: {
    input: { page_id: PAGE_ID },
    calls: ['GET /v1/blocks/b55c9c91-384d-452b-81db-d1ef79372b75/children'],
  },
  notion_create_page: {
    input: { parent_id: PAGE_ID, title: 'Retro', blocks: [{ type: 'heading_2', text: 'Went well' }, { text: 'Demo day' }, { type: 'to_do', text: 'Send notes' }] },
    calls: ['POST /v1/pages'],
  },
  notion_query_database: {
    input: { database_id: DATABASE_ID, filter: { property: 'Status', status: { equals: 'In progress' } }, sorts: [{ property: 'Due', direction: 'ascending' }], page_size: 5 },
    calls: ['POST /v1/databases/897e5a76-ae52-4b48-a6d4-0b46543ebcda/query'],
  },
  notion_get_database: {
    input: { database_id: DATABASE_ID },
    calls: ['GET /v1/databases/897e5a76-ae52-4b48-a6d4-0b46543ebcda'],
  },
  notion_append_blocks: {
    input: { block_id: LIST_BLOCK_ID, blocks: [{ type: 'bulleted_list_item', text: 'Budget' }] },
    calls: ['PATCH /v1/blocks/7d3a8c55-1b1e-4b1c-9f38-3d64a1e0b0c2/children'],
  },
} satisfies Record<string, ToolSample>;
