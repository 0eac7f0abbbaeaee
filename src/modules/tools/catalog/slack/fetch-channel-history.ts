import { defineTool } from '../../definition/tool-spec.js';
import { channelId, cursor, messagePageOut, pageSize, shapeMessagePage } from './slack-schema.js';

interface Input { channel: string; oldest?: string; latest?: string; limit?: number; cursor?: string }

const unixTs = { type: 'string', pattern: '^[0-9]{1,12}(\\.[0-9]{1,8})?$' };

/** conversations.history, newest first, trimmed to who/when/what. */
export const fetchChannelHistory = defineTool<Input, unknown>({
  definition: {
    name: 'slack_fetch_channel_history',
    display_name: 'Fetch Channel History',
    description: 'Read a channel\'s or DM\'s messages, newest first, without thread replies.',
    provider: 'slack',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: {
        channel: channelId,
        oldest: { ...unixTs, description: 'After this Unix time' },
        latest: { ...unixTs, description: 'Before this Unix time' },
        limit: pageSize(200, 20),
        cursor,
      },
      required: ['channel'],
      additionalProperties: false,
    },
    output_schema: messagePageOut,
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  request: (input) => ({
    method: 'GET',
    path: '/conversations.history',
    query: { channel: input.channel, oldest: input.oldest, latest: input.latest, limit: input.limit ?? 20, cursor: input.cursor },
  }),
  shape: shapeMessagePage,
});
