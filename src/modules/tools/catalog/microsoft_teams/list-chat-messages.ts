import { defineTool } from '../../definition/tool-spec.js';
import { GRAPH, callGraph, cursorRequest, seg, type GraphPage } from '../outlook/graph-api.js';
import { idProperty, messageCursorProperty, messageLimitProperty, messagePageSchema, toMessagePage, type GraphChatMessage } from './teams-message.js';

interface Input { chat_id: string; limit?: number; cursor?: string }

export const listChatMessages = defineTool<Input, unknown>({
  definition: {
    name: 'microsoft_teams_list_chat_messages',
    display_name: 'List Chat Messages',
    description: 'Read the latest messages of a chat, newest first, as text (4000 chars max each).',
    provider: 'microsoft_teams',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: { chat_id: idProperty, limit: messageLimitProperty, cursor: messageCursorProperty },
      required: ['chat_id'],
      additionalProperties: false,
    },
    output_schema: messagePageSchema,
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const req = input.cursor ? cursorRequest(input.cursor, /^\/v1\.0\/(me\/)?chats\/[^/]+\/messages$/) : {
      method: 'GET' as const, path: `${GRAPH}/chats/${seg(input.chat_id)}/messages`, query: { $top: input.limit ?? 20 },
    };
    const page = await callGraph<GraphPage<GraphChatMessage>>(ctx, req, `chat ${input.chat_id}`);
    return toMessagePage(page);
  },
});
