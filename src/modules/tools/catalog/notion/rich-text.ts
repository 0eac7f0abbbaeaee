/** Notion's rich text: an array of runs, each with a `plain_text` rendering (mentions and equations included). */
export interface RichText {
  plain_text?: string;
  href?: string | null;
}

export const plainText = (runs: RichText[] | undefined): string => (runs ?? []).map((r) => r.plain_text ?? '').join('');

/** Notion caps one text run at 2000 characters, so longer text is sent as several runs. */
export function toRichText(text: string): Array<{ type: 'text'; text: { content: string } }> {
  const runs: Array<{ type: 'text'; text: { content: string } }> = [];
  for (let i = 0; i < text.length; i += 2000) runs.push({ type: 'text', text: { content: text.slice(i, i + 2000) } });
  return runs;
}
