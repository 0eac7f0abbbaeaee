import { plainText } from './rich-text.js';

/** One block as a model reads it: its type, its text, and whether it has nested blocks to fetch. */
export interface BlockOut {
  id: string;
  type: string;
  text: string;
  has_children: boolean;
  checked?: boolean;
}

const MEDIA = new Set(['image', 'video', 'file', 'pdf', 'audio']);
const LINKS = new Set(['bookmark', 'embed', 'link_preview']);

/** Decodes a block (https://developers.notion.com/reference/block) to plain text; unsupported types read as ''. */
export function blockText(block: any): string {
  const type: string = block?.type ?? 'unsupported';
  const v = block?.[type] ?? {};
  if (Array.isArray(v.rich_text)) {
    const text = plainText(v.rich_text);
    return type === 'code' && v.language ? `[${v.language}] ${text}` : text;
  }
  if (type === 'child_page' || type === 'child_database') return v.title ?? '';
  if (MEDIA.has(type)) {
    const url = v.type ? v[v.type]?.url : undefined;
    return [plainText(v.caption), url].filter(Boolean).join(' ');
  }
  if (LINKS.has(type)) return v.url ?? '';
  if (type === 'equation') return v.expression ?? '';
  if (type === 'divider') return '---';
  if (type === 'table_row') return (v.cells ?? []).map((cell: any) => plainText(cell)).join(' | ');
  return '';
}

export function shapeBlock(block: any): BlockOut {
  const out: BlockOut = { id: block.id, type: block.type, text: blockText(block), has_children: Boolean(block.has_children) };
  if (block.type === 'to_do') out.checked = Boolean(block.to_do?.checked);
  return out;
}

export const blockOut = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    type: { type: 'string' },
    text: { type: 'string' },
    has_children: { type: 'boolean' },
    checked: { type: 'boolean' },
  },
};
