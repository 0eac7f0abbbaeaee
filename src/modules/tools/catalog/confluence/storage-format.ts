/**
 * Confluence stores page and comment bodies in "storage format": XHTML plus ac:/ri: macro tags.
 * Models read and write plain text, so tools convert at the edge: blank lines make paragraphs and
 * single newlines line breaks; reading keeps the words, links, list items and code, drops markup.
 */
const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function textToStorage(text: string): string {
  const paragraphs = text.replace(/\r\n?/g, '\n').split(/\n{2,}/).filter((p) => p.trim() !== '');
  return paragraphs.map((p) => `<p>${p.split('\n').map(escapeXml).join('<br />')}</p>`).join('');
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ', ndash: '–', mdash: '—', hellip: '…', rsquo: '’', lsquo: '‘', rdquo: '”', ldquo: '“' };
const decode = (s: string): string => s.replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
  if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
  return ENTITIES[e.toLowerCase()] ?? m;
});
const attr = (tag: string, name: string): string | undefined => new RegExp(`${name}="([^"]*)"`).exec(tag)?.[1];

/** An ac:link's visible text: its own label, else the page, attachment or URL it points at. */
function linkText(inner: string): string {
  const label = /<ac:(?:plain-text-)?link-body>([\s\S]*?)<\/ac:(?:plain-text-)?link-body>/.exec(inner)?.[1];
  if (label) return label;
  const target = /<ri:[\w-]+\b[^>]*>/.exec(inner)?.[0] ?? '';
  // Storage names a mentioned user only by account id, which means nothing to a reader.
  if (target.startsWith('<ri:user')) return '@user';
  return attr(target, 'ri:content-title') ?? attr(target, 'ri:filename') ?? attr(target, 'ri:value') ?? '';
}

/** Plain text of a storage-format body, capped so one page cannot flood a model's context. */
export function storageToText(xml: string | undefined | null, max = 20_000): string {
  if (!xml) return '';
  const text = decode(
    xml
      .replace(/<ac:parameter\b[^>]*>[\s\S]*?<\/ac:parameter>/g, '')
      .replace(/<ac:link\b[^>]*>([\s\S]*?)<\/ac:link>/g, (_m, inner: string) => linkText(inner))
      .replace(/<ac:link\b[^>]*\/>/g, '')
      // A list item's lone paragraph would otherwise put blank lines between the items.
      .replace(/<li\b[^>]*>\s*<p\b[^>]*>([\s\S]*?)<\/p>\s*<\/li>/gi, '<li>$1</li>')
      .replace(/<!\[CDATA\[([\s\S]*?)\]\]>/g, (_m, raw: string) => escapeXml(raw))
      .replace(/<a\b[^>]*href="([^"]*)"[^>]*>([\s\S]*?)<\/a>/gi, (_m, href: string, label: string) => {
        const words = label.replace(/<[^>]+>/g, '');
        return words && decode(words) !== decode(href) ? `${words} (${href})` : href;
      })
      .replace(/<br\s*\/?>/gi, '\n')
      .replace(/<li\b[^>]*>/gi, '- ')
      .replace(/<\/(li|tr)>/gi, '\n')
      .replace(/<\/t[dh]>/gi, '\t')
      .replace(/<\/(p|h[1-6]|div|blockquote|pre|ul|ol|table|ac:structured-macro)>/gi, '\n\n')
      .replace(/<[^>]+>/g, ''),
  )
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
