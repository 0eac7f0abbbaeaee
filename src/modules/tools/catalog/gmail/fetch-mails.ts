import { defineTool } from '../../definition/tool-spec.js';
import { callGoogle, seg } from './google-api.js';
import { GMAIL, mailViewSchema, toMailView, type GmailMessage, type MailView } from './gmail-message.js';

interface Input { query?: string; max_results?: number; cursor?: string; include_spam_trash?: boolean }

/** Bodies in a list are capped so five emails do not fill a model's context; gmail_get_message has the rest. */
const LIST_BODY_LIMIT = 2000;

export const fetchMails = defineTool<Input, { messages: MailView[]; next_cursor: string | null; result_size_estimate: number }>({
  definition: {
    name: 'gmail_fetch_mails',
    display_name: 'Fetch Emails',
    description: 'Search emails (Gmail query syntax), newest first; bodies capped at 2000 chars.',
    provider: 'gmail',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: {
        query: { type: 'string', maxLength: 1000, description: 'e.g. "is:unread newer_than:7d"' },
        max_results: { type: 'integer', minimum: 1, maximum: 25, default: 10 },
        cursor: { type: 'string', maxLength: 200 },
        include_spam_trash: { type: 'boolean', default: false },
      },
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        messages: { type: 'array', items: mailViewSchema },
        next_cursor: { type: ['string', 'null'] },
        result_size_estimate: { type: 'integer' },
      },
      required: ['messages', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const list = await callGoogle<{ messages?: Array<{ id: string }>; nextPageToken?: string; resultSizeEstimate?: number }>(ctx, {
      method: 'GET',
      path: `${GMAIL}/messages`,
      query: { q: input.query || undefined, maxResults: input.max_results ?? 10, pageToken: input.cursor, includeSpamTrash: input.include_spam_trash || undefined },
    }, 'message search');
    // messages.list gives ids only; each email's content is one messages.get.
    const full = await Promise.all((list.messages ?? []).map((m) =>
      callGoogle<GmailMessage>(ctx, { method: 'GET', path: `${GMAIL}/messages/${seg(m.id)}`, query: { format: 'full' } }, `message ${m.id}`)));
    return {
      messages: full.map((m) => toMailView(m, LIST_BODY_LIMIT)),
      next_cursor: list.nextPageToken ?? null,
      result_size_estimate: list.resultSizeEstimate ?? full.length,
    };
  },
});
