import { defineTool } from '../../definition/tool-spec.js';
import { GRAPH, callGraph, seg } from '../outlook/graph-api.js';
import { chatBody, contentProperties, idProperty, postedSchema, toPosted, type GraphChatMessage } from './teams-message.js';

interface Input { team_id: string; channel_id: string; message_id: string; content: string; is_html?: boolean }

export const replyToChannelMessage = defineTool<Input, ReturnType<typeof toPosted>>({
  definition: {
    name: 'microsoft_teams_reply_to_channel_message',
    display_name: 'Reply in Channel Thread',
    description: 'Reply in the thread of a channel message.',
    provider: 'microsoft_teams',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: { team_id: idProperty, channel_id: idProperty, message_id: idProperty, ...contentProperties },
      required: ['team_id', 'channel_id', 'message_id', 'content'],
      additionalProperties: false,
    },
    output_schema: postedSchema,
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const m = await callGraph<GraphChatMessage>(ctx, {
      method: 'POST',
      path: `${GRAPH}/teams/${seg(input.team_id)}/channels/${seg(input.channel_id)}/messages/${seg(input.message_id)}/replies`,
      json: { body: chatBody(input) },
    }, `reply to message ${input.message_id}`);
    return toPosted(m);
  },
});
