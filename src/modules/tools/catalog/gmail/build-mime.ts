import { encodeBase64Url } from './mime-text.js';

export interface OutgoingMail {
  to: string[];
  cc?: string[];
  bcc?: string[];
  subject: string;
  body: string;
  /** Message-ID of the mail being answered, so clients thread the reply. */
  inReplyTo?: string;
}

/** RFC 2047 encoded-word for a header value that is not plain ASCII (a subject in any language). */
const encodeHeader = (value: string): string =>
  /^[\x20-\x7e]*$/.test(value) ? value : `=?UTF-8?B?${Buffer.from(value, 'utf8').toString('base64')}?=`;

/** Header values come from a model: a CR or LF would let it add headers of its own. */
const oneLine = (value: string): string => value.replace(/[\r\n]+/g, ' ');

/**
 * The RFC 5322 message Gmail's `raw` field takes, base64url-encoded. The body is UTF-8 text sent
 * as base64 so any language and long lines survive transport unchanged.
 */
export function buildRawMessage(mail: OutgoingMail): string {
  const lines = [`To: ${mail.to.map(oneLine).join(', ')}`];
  if (mail.cc?.length) lines.push(`Cc: ${mail.cc.map(oneLine).join(', ')}`);
  if (mail.bcc?.length) lines.push(`Bcc: ${mail.bcc.map(oneLine).join(', ')}`);
  lines.push(`Subject: ${encodeHeader(oneLine(mail.subject))}`);
  if (mail.inReplyTo) lines.push(`In-Reply-To: ${oneLine(mail.inReplyTo)}`, `References: ${oneLine(mail.inReplyTo)}`);
  lines.push('MIME-Version: 1.0', 'Content-Type: text/plain; charset="UTF-8"', 'Content-Transfer-Encoding: base64');
  const body = Buffer.from(mail.body, 'utf8').toString('base64').replace(/.{76}/g, '$&\r\n');
  return encodeBase64Url(`${lines.join('\r\n')}\r\n\r\n${body}`);
}

/** Input properties shared by the tools that compose a mail (send, draft). */
const addresses = (description?: string, minItems?: number) => ({ type: 'array', items: { type: 'string', format: 'email' }, ...(minItems ? { minItems } : {}), maxItems: 50, ...(description ? { description } : {}) });
export const composeProperties = {
  to: addresses('Email addresses of recipients', 1),
  subject: { type: 'string', maxLength: 500 },
  body: { type: 'string', maxLength: 100000, description: 'Plain text' },
  cc: addresses(),
  bcc: addresses(),
  thread_id: { type: 'string', maxLength: 100, description: 'Thread to reply in' },
};
