import { defineTool } from '../../definition/tool-spec.js';
import { buildRawMessage, composeProperties } from './build-mime.js';
import { callGoogle } from './google-api.js';
import { GMAIL } from './gmail-message.js';
import { latestMessageIdHeader } from './thread-reply.js';

interface Input { to: string[]; subject: string; body: string; cc?: string[]; bcc?: string[]; thread_id?: string }
interface Output { message_id: string; thread_id: string; status: 'sent' | 'queued' | 'failed' }

export const sendEmail = defineTool<Input, Output>({
  definition: {
    name: 'gmail_send_email',
    display_name: 'Send Email',
    description: 'Send an email message to one or more recipients',
    provider: 'gmail',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: composeProperties,
      required: ['to', 'subject', 'body'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        message_id: { type: 'string', description: 'Unique identifier for the sent message' },
        thread_id: { type: 'string' },
        status: { type: 'string', enum: ['sent', 'queued', 'failed'], description: 'Status of the email sending operation' },
      },
      required: ['message_id', 'status'],
    },
  },
  // Sending cannot be repeated safely (a second call sends a second mail) but destroys nothing.
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const inReplyTo = input.thread_id ? await latestMessageIdHeader(ctx, input.thread_id) : undefined;
    const sent = await callGoogle<{ id: string; threadId: string; labelIds?: string[] }>(ctx, {
      method: 'POST',
      path: `${GMAIL}/messages/send`,
      json: { raw: buildRawMessage({ ...input, inReplyTo }), ...(input.thread_id ? { threadId: input.thread_id } : {}) },
    }, 'send');
    return { message_id: sent.id, thread_id: sent.threadId, status: sent.labelIds?.includes('SENT') === false ? 'queued' : 'sent' };
  },
});
