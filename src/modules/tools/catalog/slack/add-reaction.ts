import { defineTool } from '../../definition/tool-spec.js';
import { slackOk } from './slack-api.js';
import { channelId, messageTs } from './slack-schema.js';

interface Input { channel: string; timestamp: string; name: string }

/** reactions.add. Idempotent in effect: repeating it leaves the same reaction (Slack answers already_reacted). */
export const addReaction = defineTool<Input, unknown>({
  definition: {
    name: 'slack_add_reaction',
    display_name: 'Add Reaction',
    description: 'Add an emoji reaction to a message.',
    provider: 'slack',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: {
        channel: channelId,
        timestamp: messageTs,
        name: { type: 'string', pattern: '^[a-z0-9_+\'-]+(::skin-tone-[2-6])?$', maxLength: 100, description: 'Without colons: thumbsup' },
      },
      required: ['channel', 'timestamp', 'name'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { ok: { type: 'boolean' } },
      required: ['ok'],
    },
  },
  annotations: { readOnly: false, destructive: false, idempotent: true },
  version: '1.0.0',
  request: (input) => ({ method: 'POST', path: '/reactions.add', json: { channel: input.channel, timestamp: input.timestamp, name: input.name } }),
  shape: (body: { ok: boolean }) => ({ ok: slackOk(body).ok }),
});
