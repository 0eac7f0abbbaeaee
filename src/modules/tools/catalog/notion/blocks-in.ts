import { toRichText } from './rich-text.js';

const TEXT_TYPES = ['paragraph', 'heading_1', 'heading_2', 'heading_3', 'bulleted_list_item', 'numbered_list_item', 'to_do', 'quote', 'code'] as const;

export interface BlockIn {
  type: (typeof TEXT_TYPES)[number];
  text: string;
  checked?: boolean;
}

/** The blocks a model may write: text blocks only, at most 100 per call as Notion allows. */
export const blocksIn = {
  type: 'array',
  minItems: 1,
  maxItems: 100,
  items: {
    type: 'object',
    properties: {
      type: { type: 'string', enum: TEXT_TYPES, default: 'paragraph' },
      text: { type: 'string', maxLength: 10000 },
      checked: { type: 'boolean', description: 'to_do only' },
    },
    required: ['text'],
    additionalProperties: false,
  },
};

/** Builds Notion block objects (https://developers.notion.com/reference/block) from the model's blocks. */
export function toNotionBlocks(blocks: BlockIn[]): unknown[] {
  return blocks.map(({ type = 'paragraph', text, checked }) => {
    const body: Record<string, unknown> = { rich_text: toRichText(text) };
    if (type === 'to_do') body.checked = checked ?? false;
    if (type === 'code') body.language = 'plain text';
    return { object: 'block', type, [type]: body };
  });
}
