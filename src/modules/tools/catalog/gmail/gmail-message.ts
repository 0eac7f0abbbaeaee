import { charsetOf, decodeBase64Url, htmlToText } from './mime-text.js';

/** Every Gmail tool acts on the connected account's own mailbox. */
export const GMAIL = '/gmail/v1/users/me';

/** The parts of Gmail's Message resource (format=full) that tools read. */
export interface GmailPart {
  partId?: string;
  mimeType?: string;
  filename?: string;
  headers?: Array<{ name: string; value: string }>;
  body?: { size?: number; data?: string; attachmentId?: string };
  parts?: GmailPart[];
}
export interface GmailMessage {
  id: string;
  threadId: string;
  labelIds?: string[];
  snippet?: string;
  internalDate?: string;
  payload?: GmailPart;
}

/** What a model gets for one email: headers, decoded text, attachment names. No MIME, no base64. */
export interface MailView {
  id: string;
  thread_id: string;
  from: string;
  to: string;
  cc: string;
  subject: string;
  date: string;
  snippet: string;
  body: string;
  body_truncated: boolean;
  labels: string[];
  unread: boolean;
  attachments: Array<{ filename: string; mime_type: string; size: number }>;
}

const header = (part: GmailPart | undefined, name: string): string =>
  part?.headers?.find((h) => h.name.toLowerCase() === name)?.value ?? '';

function walk(part: GmailPart | undefined, visit: (p: GmailPart) => void): void {
  if (!part) return;
  visit(part);
  for (const child of part.parts ?? []) walk(child, visit);
}

function partText(part: GmailPart): string {
  return part.body?.data ? decodeBase64Url(part.body.data, charsetOf(header(part, 'content-type'))) : '';
}

export function toMailView(m: GmailMessage, bodyLimit: number): MailView {
  let plain = '';
  let html = '';
  const attachments: MailView['attachments'] = [];
  walk(m.payload, (p) => {
    if (p.filename && p.body?.attachmentId) {
      attachments.push({ filename: p.filename, mime_type: p.mimeType ?? '', size: p.body.size ?? 0 });
    } else if (p.mimeType === 'text/plain' && !plain) plain = partText(p);
    else if (p.mimeType === 'text/html' && !html) html = partText(p);
  });
  const text = (plain || htmlToText(html)).replace(/\r\n/g, '\n').trim();
  const labels = m.labelIds ?? [];
  return {
    id: m.id,
    thread_id: m.threadId,
    from: header(m.payload, 'from'),
    to: header(m.payload, 'to'),
    cc: header(m.payload, 'cc'),
    subject: header(m.payload, 'subject'),
    date: m.internalDate ? new Date(Number(m.internalDate)).toISOString() : header(m.payload, 'date'),
    snippet: m.snippet ?? '',
    body: text.slice(0, bodyLimit),
    body_truncated: text.length > bodyLimit,
    labels,
    unread: labels.includes('UNREAD'),
    attachments,
  };
}

/** output_schema of MailView, shared by the tools that return emails (kept terse: it counts against the definition budget). */
const str = { type: 'string' };
export const mailViewSchema = {
  type: 'object',
  properties: {
    id: str, thread_id: str, from: str, to: str, cc: str, subject: str,
    date: { type: 'string', description: 'ISO 8601' },
    snippet: str, body: str, body_truncated: { type: 'boolean' },
    labels: { type: 'array', items: str }, unread: { type: 'boolean' },
    attachments: { type: 'array', items: { type: 'object', properties: { filename: str, mime_type: str, size: { type: 'integer' } } } },
  },
  required: ['id', 'thread_id', 'subject', 'body'],
};
