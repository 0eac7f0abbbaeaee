import { defineTool } from '../../definition/tool-spec.js';
import { GRAPH, callGraph, seg } from '../outlook/graph-api.js';
import { chatBody, contentProperties, idProperty, postedSchema, toPosted, type GraphChatMessage } from './teams-message.js';

interface Input { chat_id: string; content: string; is_html?: boolean }

export const sendChatMessage = defineTool<Input, ReturnType<typeof toPosted>>({
  definition: {
    name: 'microsoft_teams_send_chat_message',
    display_name: 'Send Chat Message',
    description: 'Send a message to a one-on-one, group or meeting chat.',
    provider: 'microsoft_teams',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: { chat_id: idProperty, ...contentProperties },
      required: ['chat_id', 'content'],
      additionalProperties: false,
    },
    output_schema: postedSchema,
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const m = await callGraph<GraphChatMessage>(ctx, {
      method: 'POST', path: `${GRAPH}/chats/${seg(input.chat_id)}/messages`, json: { body: chatBody(input) },
    }, `post to chat ${input.chat_id}`);
    return toPosted(m);
  },
});
