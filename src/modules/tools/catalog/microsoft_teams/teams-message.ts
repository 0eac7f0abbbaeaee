import { htmlToText } from '../gmail/mime-text.js';
import { nextCursor, type GraphPage } from '../outlook/graph-api.js';

/** Graph's chatMessage (channel or chat), and the trimmed view a model gets: text, not Teams HTML. */
export interface GraphChatMessage {
  id: string;
  messageType?: string;
  createdDateTime?: string;
  subject?: string | null;
  importance?: string;
  webUrl?: string | null;
  from?: { user?: { id?: string; displayName?: string | null } | null; application?: { displayName?: string | null } | null } | null;
  body?: { contentType?: string; content?: string };
}

const TEXT_LIMIT = 4000;

/** System events (member added, topic renamed) have no text a model can use. */
export const isUserMessage = (m: GraphChatMessage): boolean => (m.messageType ?? 'message') === 'message';

export function toMessageView(m: GraphChatMessage) {
  const content = m.body?.content ?? '';
  const body = m.body?.contentType === 'html' ? htmlToText(content) : content;
  // A channel post's subject leads its text, as Teams shows it.
  const text = m.subject ? `${m.subject}\n\n${body}` : body;
  return {
    id: m.id,
    created_at: m.createdDateTime ?? '',
    from: m.from?.user?.displayName ?? m.from?.application?.displayName ?? '',
    text: text.slice(0, TEXT_LIMIT),
  };
}

const str = { type: 'string' };
export const messageViewSchema = {
  type: 'object',
  properties: { id: str, created_at: str, from: str, text: str },
  required: ['id', 'created_at', 'text'],
};

/** Input and body shared by the tools that post (channel, reply, chat). */
export const contentProperties = {
  content: { type: 'string', minLength: 1, maxLength: 28000 },
  is_html: { type: 'boolean', default: false },
};
export const chatBody = (input: { content: string; is_html?: boolean }) => ({ contentType: input.is_html ? 'html' : 'text', content: input.content });

/** What a post answers: enough to link to it or reply to it. */
export const postedSchema = { type: 'object', properties: { id: str, created_at: str, web_url: str }, required: ['id'] };
export const toPosted = (m: GraphChatMessage) => ({ id: m.id, created_at: m.createdDateTime ?? '', web_url: m.webUrl ?? '' });

export const idProperty = { type: 'string', minLength: 1, maxLength: 300 };

/** A page of messages (channel or chat), newest first: the output schema and the shape that fills it (system events left out). */
export const messagePageSchema = {
  type: 'object',
  properties: { messages: { type: 'array', items: messageViewSchema }, next_cursor: { type: ['string', 'null'] } },
  required: ['messages', 'next_cursor'],
};
export const toMessagePage = (page: GraphPage<GraphChatMessage>) => ({ messages: (page.value ?? []).filter(isUserMessage).map(toMessageView), next_cursor: nextCursor(page) });

/** A message-list limit, and the cursor (Graph's own @odata.nextLink, checked by cursorRequest). */
export const messageLimitProperty = { type: 'integer', minimum: 1, maximum: 50, default: 20 };
export const messageCursorProperty = { type: 'string', maxLength: 2000 };
