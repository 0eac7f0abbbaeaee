import { defineTool } from '../../definition/tool-spec.js';
import { nextCursor, slackOk } from './slack-api.js';
import { cursor, nextCursorOut, pageSize } from './slack-schema.js';

interface Input { types?: Array<'public_channel' | 'private_channel' | 'mpim' | 'im'>; include_archived?: boolean; limit?: number; cursor?: string }

interface SlackChannel {
  id: string; name?: string; is_private?: boolean; is_archived?: boolean; is_member?: boolean;
  num_members?: number; topic?: { value?: string }; purpose?: { value?: string };
}

/** conversations.list: ids and names a model needs before reading or posting. */
export const listChannels = defineTool<Input, unknown>({
  definition: {
    name: 'slack_list_channels',
    display_name: 'List Channels',
    description: 'List channels the user can see, to find a channel id.',
    provider: 'slack',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: {
        types: {
          type: 'array',
          items: { enum: ['public_channel', 'private_channel', 'mpim', 'im'] },
          uniqueItems: true,
          minItems: 1,
          description: 'Default public_channel',
        },
        include_archived: { type: 'boolean', default: false },
        limit: pageSize(200, 100),
        cursor,
      },
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        channels: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'string' }, name: { type: 'string' }, is_private: { type: 'boolean' },
              is_archived: { type: 'boolean' }, is_member: { type: 'boolean' }, num_members: { type: ['integer', 'null'] },
              topic: { type: 'string' }, purpose: { type: 'string' },
            },
            required: ['id', 'name'],
          },
        },
        next_cursor: nextCursorOut,
      },
      required: ['channels', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  request: (input) => ({
    method: 'GET',
    path: '/conversations.list',
    query: {
      types: (input.types ?? ['public_channel']).join(','),
      exclude_archived: !input.include_archived,
      limit: input.limit ?? 100,
      cursor: input.cursor,
    },
  }),
  shape: (body: { channels: SlackChannel[] }) => {
    const ok = slackOk(body);
    return {
      channels: ok.channels.map((c) => ({
        id: c.id,
        name: c.name ?? '',
        is_private: c.is_private ?? false,
        is_archived: c.is_archived ?? false,
        is_member: c.is_member ?? false,
        num_members: c.num_members ?? null,
        topic: c.topic?.value ?? '',
        purpose: c.purpose?.value ?? '',
      })),
      next_cursor: nextCursor(ok),
    };
  },
});
