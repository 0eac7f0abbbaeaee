/**
 * Jira Cloud's v3 API stores rich text (descriptions, comments) as Atlassian Document Format.
 * Models read and write plain text, so tools convert at the edge: blank lines make paragraphs,
 * single newlines hard breaks; reading flattens blocks to lines and lists to "- " items.
 */
type AdfNode = { type?: string; text?: string; attrs?: Record<string, unknown>; content?: AdfNode[] };

export function textToAdf(text: string): AdfNode {
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n{2,}/).filter((p) => p.trim() !== '');
  return {
    type: 'doc',
    version: 1,
    content: paragraphs.map((p) => ({
      type: 'paragraph',
      content: p.split('\n').flatMap((line, i): AdfNode[] => {
        const parts: AdfNode[] = i > 0 ? [{ type: 'hardBreak' }] : [];
        return line ? [...parts, { type: 'text', text: line }] : parts;
      }),
    })),
  } as AdfNode;
}

const BLOCKS = new Set(['paragraph', 'heading', 'blockquote', 'codeBlock', 'panel', 'rule', 'mediaSingle', 'table', 'tableRow']);

function inline(node: AdfNode): string {
  switch (node.type) {
    case 'text': return node.text ?? '';
    case 'hardBreak': return '\n';
    case 'mention': return String(node.attrs?.text ?? '@user');
    case 'emoji': return String(node.attrs?.text ?? node.attrs?.shortName ?? '');
    case 'inlineCard': case 'blockCard': return String(node.attrs?.url ?? '');
    case 'date': return node.attrs?.timestamp ? new Date(Number(node.attrs.timestamp)).toISOString().slice(0, 10) : '';
    case 'status': return String(node.attrs?.text ?? '');
    default: return (node.content ?? []).map(walk).join('');
  }
}

function walk(node: AdfNode): string {
  if (node.type === 'bulletList' || node.type === 'orderedList') {
    return (node.content ?? []).map((item, i) => `${node.type === 'orderedList' ? `${i + 1}.` : '-'} ${walk(item).trim()}\n`).join('') + '\n';
  }
  if (node.type === 'listItem' || node.type === 'tableCell' || node.type === 'tableHeader') {
    return (node.content ?? []).map(walk).join('').trim() + (node.type === 'listItem' ? '' : '\t');
  }
  if (node.type === 'doc' || BLOCKS.has(node.type ?? '')) {
    // Blocks end in a blank line (paragraphs stay apart, as textToAdf reads them); table rows in one newline.
    const end = node.type === 'doc' ? '' : node.type === 'tableRow' ? '\n' : '\n\n';
    return (node.content ?? []).map(walk).join('') + end;
  }
  return inline(node);
}

/** Plain text of an ADF document (or of a v2-style string), capped so one issue cannot flood a model's context. */
export function adfToText(doc: unknown, max = 10_000): string {
  if (doc == null) return '';
  const text = typeof doc === 'string' ? doc : walk(doc as AdfNode);
  const clean = text.replace(/[ \t]+\n/g, '\n').replace(/\n{3,}/g, '\n\n').trim();
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
