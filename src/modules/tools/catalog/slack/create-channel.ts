import { defineTool } from '../../definition/tool-spec.js';
import { slackOk } from './slack-api.js';

interface Input { name: string; is_private?: boolean }

/** conversations.create. Not idempotent: a second call with the same name fails with name_taken. */
export const createChannel = defineTool<Input, unknown>({
  definition: {
    name: 'slack_create_channel',
    display_name: 'Create Channel',
    description: 'Create a public or private channel, with the user as member.',
    provider: 'slack',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: {
        name: { type: 'string', pattern: '^[a-z0-9_-]{1,80}$', },
        is_private: { type: 'boolean', default: false },
      },
      required: ['name'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { id: { type: 'string' }, name: { type: 'string' }, is_private: { type: 'boolean' }, created: { type: 'integer' } },
      required: ['id', 'name'],
    },
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  request: (input) => ({ method: 'POST', path: '/conversations.create', json: { name: input.name, is_private: input.is_private ?? false } }),
  shape: (body: { channel: { id: string; name: string; is_private?: boolean; created?: number } }) => {
    const { channel } = slackOk(body);
    return { id: channel.id, name: channel.name, is_private: channel.is_private ?? false, created: channel.created ?? 0 };
  },
});
