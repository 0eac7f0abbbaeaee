import { defineTool } from '../../definition/tool-spec.js';
import { slackOk } from './slack-api.js';
import { messageTs } from './slack-schema.js';

interface Input { channel: string; text: string; thread_ts?: string }

/** chat.postMessage. Not idempotent: each call posts a new message. */
export const sendMessage = defineTool<Input, unknown>({
  definition: {
    name: 'slack_send_message',
    display_name: 'Send Message',
    description: 'Post a message to a channel, DM or thread as the user.',
    provider: 'slack',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: {
        channel: { type: 'string', minLength: 1, maxLength: 80, description: 'Id or #name' },
        text: { type: 'string', minLength: 1, maxLength: 40000, description: 'Slack mrkdwn' },
        thread_ts: { ...messageTs, description: 'Parent ts, to reply in thread' },
      },
      required: ['channel', 'text'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        channel: { type: 'string', description: 'Channel id' },
        ts: { type: 'string', description: 'New message id' },
        text: { type: 'string' },
      },
      required: ['channel', 'ts'],
    },
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  request: (input) => ({ method: 'POST', path: '/chat.postMessage', json: { channel: input.channel, text: input.text, thread_ts: input.thread_ts } }),
  shape: (body: { channel: string; ts: string; message?: { text?: string } }) => {
    const ok = slackOk(body);
    return { channel: ok.channel, ts: ok.ts, text: ok.message?.text ?? '' };
  },
});
