import { defineTool } from '../../definition/tool-spec.js';
import { GRAPH, callGraph, seg } from './graph-api.js';
import { DETAIL_FIELDS, TEXT_BODY, messageDetailSchema, toMessageDetail, type GraphMessage } from './outlook-message.js';

interface Input { message_id: string }

const BODY_LIMIT = 50000;

export const getMessage = defineTool<Input, ReturnType<typeof toMessageDetail>>({
  definition: {
    name: 'outlook_get_message',
    display_name: 'Get Email',
    description: 'Read one email with its full body as text (up to 50000 chars).',
    provider: 'outlook',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: { message_id: { type: 'string', minLength: 1, maxLength: 300, description: 'From outlook_list_messages' } },
      required: ['message_id'],
      additionalProperties: false,
    },
    output_schema: messageDetailSchema,
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const m = await callGraph<GraphMessage>(ctx, {
      method: 'GET', path: `${GRAPH}/me/messages/${seg(input.message_id)}`, query: { $select: DETAIL_FIELDS }, headers: TEXT_BODY,
    }, 'message');
    return toMessageDetail(m, BODY_LIMIT);
  },
});
