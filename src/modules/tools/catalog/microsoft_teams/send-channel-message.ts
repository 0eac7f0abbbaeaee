import { defineTool } from '../../definition/tool-spec.js';
import { GRAPH, callGraph, seg } from '../outlook/graph-api.js';
import { chatBody, contentProperties, idProperty, postedSchema, toPosted, type GraphChatMessage } from './teams-message.js';

interface Input { team_id: string; channel_id: string; content: string; is_html?: boolean; subject?: string; importance?: 'normal' | 'high' | 'urgent' }

export const sendChannelMessage = defineTool<Input, ReturnType<typeof toPosted>>({
  definition: {
    name: 'microsoft_teams_send_channel_message',
    display_name: 'Send Channel Message',
    description: 'Post a new message (a new thread) to a channel.',
    provider: 'microsoft_teams',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: {
        team_id: idProperty, channel_id: idProperty, ...contentProperties,
        subject: { type: 'string', maxLength: 255 },
        importance: { type: 'string', enum: ['normal', 'high', 'urgent'], default: 'normal' },
      },
      required: ['team_id', 'channel_id', 'content'],
      additionalProperties: false,
    },
    output_schema: postedSchema,
  },
  // A post can be repeated only as a second post; nothing is destroyed.
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const m = await callGraph<GraphChatMessage>(ctx, {
      method: 'POST',
      path: `${GRAPH}/teams/${seg(input.team_id)}/channels/${seg(input.channel_id)}/messages`,
      json: { body: chatBody(input), ...(input.subject ? { subject: input.subject } : {}), ...(input.importance ? { importance: input.importance } : {}) },
    }, `post to channel ${input.channel_id}`);
    return toPosted(m);
  },
});
