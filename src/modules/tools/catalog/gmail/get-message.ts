import { defineTool } from '../../definition/tool-spec.js';
import { callGoogle, seg } from './google-api.js';
import { GMAIL, mailViewSchema, toMailView, type GmailMessage, type MailView } from './gmail-message.js';

interface Input { message_id: string }

const BODY_LIMIT = 50000;

export const getMessage = defineTool<Input, MailView>({
  definition: {
    name: 'gmail_get_message',
    display_name: 'Get Email',
    description: 'Read one email with its full text (up to 50000 chars).',
    provider: 'gmail',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: { message_id: { type: 'string', minLength: 1, maxLength: 100, description: 'From gmail_fetch_mails' } },
      required: ['message_id'],
      additionalProperties: false,
    },
    output_schema: mailViewSchema,
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const m = await callGoogle<GmailMessage>(ctx, {
      method: 'GET', path: `${GMAIL}/messages/${seg(input.message_id)}`, query: { format: 'full' },
    }, `message ${input.message_id}`);
    return toMailView(m, BODY_LIMIT);
  },
});
