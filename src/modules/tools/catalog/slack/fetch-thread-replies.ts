import { defineTool } from '../../definition/tool-spec.js';
import { channelId, cursor, messagePageOut, messageTs, pageSize, shapeMessagePage } from './slack-schema.js';

interface Input { channel: string; thread_ts: string; limit?: number; cursor?: string }

/** conversations.replies: the parent message first, then its replies oldest first. */
export const fetchThreadReplies = defineTool<Input, unknown>({
  definition: {
    name: 'slack_fetch_thread_replies',
    display_name: 'Fetch Thread Replies',
    description: 'Read a thread: its parent message, then replies, oldest first.',
    provider: 'slack',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: {
        channel: channelId,
        thread_ts: { ...messageTs, description: 'Parent message ts' },
        limit: pageSize(200, 50),
        cursor,
      },
      required: ['channel', 'thread_ts'],
      additionalProperties: false,
    },
    output_schema: messagePageOut,
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  request: (input) => ({
    method: 'GET',
    path: '/conversations.replies',
    query: { channel: input.channel, ts: input.thread_ts, limit: input.limit ?? 50, cursor: input.cursor },
  }),
  shape: shapeMessagePage,
});
