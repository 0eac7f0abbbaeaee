/** Decoding the pieces of a Gmail message the API hands back: base64url bodies and HTML-only mail. */

export function decodeBase64Url(data: string, charset = 'utf-8'): string {
  const bytes = Buffer.from(data.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    // An unknown or bogus charset label: UTF-8 is the best guess for mail today.
    return new TextDecoder('utf-8').decode(bytes);
  }
}

export const encodeBase64Url = (text: string | Buffer): string =>
  Buffer.from(text).toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** Readable text from an HTML body, for mail that has no text/plain part: enough for a model, not a renderer. */
export function htmlToText(html: string): string {
  return html
    .replace(/<(script|style|head)[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|li|tr|h[1-6])>/gi, '\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&(#x?[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/** The charset parameter of a Content-Type header value. */
export function charsetOf(contentType: string | undefined): string | undefined {
  return contentType?.match(/charset="?([^";\s]+)"?/i)?.[1];
}
