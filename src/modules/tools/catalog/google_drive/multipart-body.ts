import { randomBytes } from 'node:crypto';

/**
 * Drive's `uploadType=multipart` body (RFC 2387 multipart/related): the File metadata as JSON,
 * then the content. The boundary is random, and drawn again in the unlikely case the content
 * holds it, so no text a model writes can end a part early.
 */
export function multipartRelated(metadata: unknown, content: string, contentType: string): { contentType: string; body: string } {
  let boundary = `latchkey_${randomBytes(12).toString('hex')}`;
  while (content.includes(boundary)) boundary = `latchkey_${randomBytes(12).toString('hex')}`;
  const body = [
    `--${boundary}`,
    'Content-Type: application/json; charset=UTF-8',
    '',
    JSON.stringify(metadata),
    `--${boundary}`,
    `Content-Type: ${contentType}; charset=UTF-8`,
    '',
    content,
    `--${boundary}--`,
    '',
  ].join('\r\n');
  return { contentType: `multipart/related; boundary=${boundary}`, body };
}
