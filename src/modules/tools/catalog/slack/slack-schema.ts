import { nextCursor, slackOk } from './slack-api.js';

/** Schema pieces shared by the Slack tools, so every tool names and bounds them the same way. */
export const channelId = {
  type: 'string',
  pattern: '^[CGD][A-Z0-9]{2,20}$',
  description: 'Channel id',
};

export const messageTs = {
  type: 'string',
  pattern: '^[0-9]{1,12}\\.[0-9]{1,8}$',
  description: 'Message ts (its id)',
};

export const cursor = { type: 'string', maxLength: 500 };

export const pageSize = (max: number, dflt: number) => ({
  type: 'integer',
  minimum: 1,
  maximum: max,
  default: dflt,
});

export const nextCursorOut = { type: ['string', 'null'] };

/** A message trimmed to what a model reads: who, when, what, and its thread. */
export const messageOut = {
  type: 'object',
  properties: {
    ts: { type: 'string' },
    user: { type: ['string', 'null'] },
    text: { type: 'string' },
    thread_ts: { type: ['string', 'null'] },
    reply_count: { type: 'integer' },
  },
  required: ['ts', 'user', 'text'],
};

/** A page of messages (channel history, thread replies): the output schema and the shape that fills it. */
export const messagePageOut = {
  type: 'object',
  properties: { messages: { type: 'array', items: messageOut }, next_cursor: nextCursorOut },
  required: ['messages', 'next_cursor'],
};

export interface SlackMessage {
  ts: string;
  user?: string;
  bot_id?: string;
  username?: string;
  text?: string;
  thread_ts?: string;
  reply_count?: number;
}

export function shapeMessage(m: SlackMessage) {
  return {
    ts: m.ts,
    user: m.user ?? m.username ?? m.bot_id ?? null,
    text: m.text ?? '',
    thread_ts: m.thread_ts ?? null,
    reply_count: m.reply_count ?? 0,
  };
}

export function shapeMessagePage(body: { messages: SlackMessage[] }) {
  const ok = slackOk(body);
  return { messages: ok.messages.map(shapeMessage), next_cursor: nextCursor(ok) };
}
