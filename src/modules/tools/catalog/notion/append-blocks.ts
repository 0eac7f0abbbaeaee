import { defineTool } from '../../definition/tool-spec.js';
import { blocksIn, toNotionBlocks, type BlockIn } from './blocks-in.js';
import { notionCall, pageId } from './notion-api.js';

/** PATCH /v1/blocks/{id}/children: adds text blocks at the end of a page (or inside a block). */
export const notionAppendBlocks = defineTool({
  definition: {
    name: 'notion_append_blocks',
    display_name: 'Append Notion blocks',
    description: 'Append text blocks to a page or block.',
    provider: 'notion',
    category: 'knowledge_base',
    input_schema: {
      type: 'object',
      properties: { block_id: pageId(), blocks: blocksIn },
      required: ['block_id', 'blocks'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { block_ids: { type: 'array', items: { type: 'string' } } },
      required: ['block_ids'],
    },
  },
  // Appending twice adds the blocks twice.
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input: { block_id: string; blocks: BlockIn[] }, ctx) {
    const body = await notionCall(ctx, {
      method: 'PATCH',
      path: `/v1/blocks/${encodeURIComponent(input.block_id)}/children`,
      json: { children: toNotionBlocks(input.blocks) },
    });
    return { block_ids: (body.results ?? []).map((b: any) => b.id) };
  },
});
