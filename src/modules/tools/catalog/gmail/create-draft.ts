import { defineTool } from '../../definition/tool-spec.js';
import { buildRawMessage, composeProperties } from './build-mime.js';
import { callGoogle } from './google-api.js';
import { GMAIL } from './gmail-message.js';
import { latestMessageIdHeader } from './thread-reply.js';

interface Input { to: string[]; subject: string; body: string; cc?: string[]; bcc?: string[]; thread_id?: string }

export const createDraft = defineTool<Input, { draft_id: string; message_id: string; thread_id: string }>({
  definition: {
    name: 'gmail_create_draft',
    display_name: 'Create Draft',
    description: 'Save an unsent draft.',
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
      properties: { draft_id: { type: 'string' }, message_id: { type: 'string' }, thread_id: { type: 'string' } },
      required: ['draft_id', 'message_id'],
    },
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const inReplyTo = input.thread_id ? await latestMessageIdHeader(ctx, input.thread_id) : undefined;
    const draft = await callGoogle<{ id: string; message: { id: string; threadId: string } }>(ctx, {
      method: 'POST',
      path: `${GMAIL}/drafts`,
      json: { message: { raw: buildRawMessage({ ...input, inReplyTo }), ...(input.thread_id ? { threadId: input.thread_id } : {}) } },
    }, 'draft');
    return { draft_id: draft.id, message_id: draft.message.id, thread_id: draft.message.threadId };
  },
});
