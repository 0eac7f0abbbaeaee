import { recipientText, type GraphRecipient } from './graph-api.js';

/** Graph's message resource, the fields the tools $select, and the trimmed views a model gets. */
export interface GraphMessage {
  id: string;
  conversationId?: string;
  subject?: string | null;
  from?: GraphRecipient;
  toRecipients?: GraphRecipient[];
  ccRecipients?: GraphRecipient[];
  receivedDateTime?: string;
  bodyPreview?: string;
  body?: { contentType?: string; content?: string };
  isRead?: boolean;
  hasAttachments?: boolean;
  webLink?: string;
}

export const SUMMARY_FIELDS = 'id,subject,from,toRecipients,receivedDateTime,bodyPreview,isRead,hasAttachments';
export const DETAIL_FIELDS = 'id,conversationId,subject,from,toRecipients,ccRecipients,receivedDateTime,isRead,hasAttachments,webLink,body';

export function toMessageSummary(m: GraphMessage) {
  return {
    id: m.id,
    subject: m.subject ?? '',
    from: recipientText(m.from),
    to: (m.toRecipients ?? []).map(recipientText),
    received_at: m.receivedDateTime ?? '',
    preview: m.bodyPreview ?? '',
    is_read: m.isRead ?? false,
    has_attachments: m.hasAttachments ?? false,
  };
}

/** With `Prefer: outlook.body-content-type="text"` Graph already converts an HTML body to text. */
export function toMessageDetail(m: GraphMessage, bodyLimit: number) {
  const body = m.body?.content ?? '';
  const { preview: _preview, ...summary } = toMessageSummary(m);
  return {
    ...summary, conversation_id: m.conversationId ?? '', cc: (m.ccRecipients ?? []).map(recipientText), web_link: m.webLink ?? '',
    body: body.slice(0, bodyLimit), body_truncated: body.length > bodyLimit,
  };
}

const str = { type: 'string' };
const strings = { type: 'array', items: str };
const common = { id: str, subject: str, from: str, to: strings, received_at: str, is_read: { type: 'boolean' }, has_attachments: { type: 'boolean' } };
export const messageSummarySchema = { type: 'object', properties: { ...common, preview: str }, required: ['id', 'subject', 'from'] };
export const messageDetailSchema = {
  type: 'object',
  properties: { ...common, conversation_id: str, cc: strings, web_link: str, body: str, body_truncated: { type: 'boolean' } },
  required: ['id', 'subject', 'from', 'body'],
};

/** Asks Graph for text bodies instead of HTML. */
export const TEXT_BODY = { prefer: 'outlook.body-content-type="text"' };
