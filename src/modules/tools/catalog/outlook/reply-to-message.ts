import { defineTool } from '../../definition/tool-spec.js';
import { GRAPH, callGraph, seg } from './graph-api.js';

interface Input { message_id: string; comment: string; reply_all?: boolean }

export const replyToMessage = defineTool<Input, { status: 'sent'; message_id: string }>({
  definition: {
    name: 'outlook_reply_to_message',
    display_name: 'Reply to Email',
    description: 'Reply to an email in its thread, quoting it; optionally to all recipients.',
    provider: 'outlook',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: {
        message_id: { type: 'string', minLength: 1, maxLength: 300 },
        comment: { type: 'string', minLength: 1, maxLength: 100000, description: 'The reply text' },
        reply_all: { type: 'boolean', default: false },
      },
      required: ['message_id', 'comment'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { status: { type: 'string', enum: ['sent'] }, message_id: { type: 'string', description: 'The message replied to' } },
      required: ['status', 'message_id'],
    },
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    await callGraph(ctx, {
      method: 'POST',
      path: `${GRAPH}/me/messages/${seg(input.message_id)}/${input.reply_all ? 'replyAll' : 'reply'}`,
      json: { comment: input.comment },
    }, 'reply to message');
    return { status: 'sent', message_id: input.message_id };
  },
});
