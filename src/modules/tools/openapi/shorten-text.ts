/** Markdown links and HTML tags reduced to their text, whitespace collapsed. */
export function plainText(text: unknown): string {
  if (typeof text !== 'string') return '';
  return text
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/<[^>]+>/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** At most `max` characters, cut at a word and ended with '…'; 0 = nothing. */
export function shorten(text: unknown, max: number): string {
  const t = plainText(text);
  if (max <= 0) return '';
  if (t.length <= max) return t;
  const cut = t.slice(0, max - 1);
  const atWord = cut.lastIndexOf(' ');
  return `${(atWord > max / 2 ? cut.slice(0, atWord) : cut).replace(/[\s,;:.]+$/, '')}…`;
}

/** The first sentence (or the first `max` characters) of a longer text. */
export function firstSentence(text: unknown, max: number): string {
  const t = plainText(text);
  const end = t.search(/[.!?](\s|$)/);
  return shorten(end >= 0 ? t.slice(0, end + 1) : t, max);
}
