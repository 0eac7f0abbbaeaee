import type { ToolSample } from './tool-sample.js';

/** One valid input per slack tool, as its connector test runs it, and the calls it makes on the fake (a fresh one, in this order). */
export const slackSamples = {
  slack_send_message: {
    input: { channel: '#general', text: 'Hello' },
    calls: ['POST /api/chat.postMessage'],
  },
  slack_list_channels: {
    input: { types: ['public_channel', 'private_channel'], limit: 2 },
    calls: ['GET /api/conversations.list'],
  },
  slack_fetch_channel_history: {
    input: { channel: 'C012AB3CD', oldest: '1512085000', latest: '1512104434.000490', limit: 5 },
    calls: ['GET /api/conversations.history'],
  },
  slack_fetch_thread_replies: {
    input: { channel: 'C012AB3CD', thread_ts: '1512085950.000216' },
    calls: ['GET /api/conversations.replies'],
  },
  slack_search_messages: {
    input: { query: 'we', limit: 1 },
    calls: ['GET /api/search.messages'],
  },
  slack_get_user: {
    input: { user: 'U0G9QF9C6' },
    calls: ['GET /api/users.info'],
  },
  slack_create_channel: {
    input: { name: 'incident-42', is_private: true },
    calls: ['POST /api/conversations.create'],
  },
  slack_add_reaction: {
    input: { channel: 'C012AB3CD', timestamp: '1512104434.000490', name: 'thumbsup' },
    calls: ['POST /api/reactions.add'],
  },
} satisfies Record<string, ToolSample>;
