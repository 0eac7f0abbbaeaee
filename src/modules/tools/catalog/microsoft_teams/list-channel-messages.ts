import { defineTool } from '../../definition/tool-spec.js';
import { GRAPH, callGraph, cursorRequest, seg, type GraphPage } from '../outlook/graph-api.js';
import { idProperty, messageCursorProperty, messageLimitProperty, messagePageSchema, toMessagePage, type GraphChatMessage } from './teams-message.js';

interface Input { team_id: string; channel_id: string; limit?: number; cursor?: string }

export const listChannelMessages = defineTool<Input, unknown>({
  definition: {
    name: 'microsoft_teams_list_channel_messages',
    display_name: 'List Channel Messages',
    description: 'Latest top-level channel messages, newest first, as text.',
    provider: 'microsoft_teams',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: { team_id: idProperty, channel_id: idProperty, limit: messageLimitProperty, cursor: messageCursorProperty },
      required: ['team_id', 'channel_id'],
      additionalProperties: false,
    },
    output_schema: messagePageSchema,
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const path = `${GRAPH}/teams/${seg(input.team_id)}/channels/${seg(input.channel_id)}/messages`;
    const req = input.cursor ? cursorRequest(input.cursor, /^\/v1\.0\/teams\/[^/]+\/channels\/[^/]+\/messages$/) : { method: 'GET' as const, path, query: { $top: input.limit ?? 20 } };
    const page = await callGraph<GraphPage<GraphChatMessage>>(ctx, req, `channel ${input.channel_id}`);
    return toMessagePage(page);
  },
});
