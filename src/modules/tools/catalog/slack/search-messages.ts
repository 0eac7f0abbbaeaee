import { defineTool } from '../../definition/tool-spec.js';
import { slackOk } from './slack-api.js';
import { nextCursorOut, pageSize } from './slack-schema.js';

interface Input { query: string; sort?: 'score' | 'timestamp'; limit?: number; cursor?: string }

interface SearchMatch { ts: string; user?: string; username?: string; text?: string; permalink?: string; channel?: { id?: string; name?: string } }
interface SearchBody { messages: { matches: SearchMatch[]; paging?: { page?: number; pages?: number } } }

/** search.messages pages by number; the page number is the cursor. Needs a user token with search:read. */
export const searchMessages = defineTool<Input, unknown>({
  definition: {
    name: 'slack_search_messages',
    display_name: 'Search Messages',
    description: 'Search messages (Slack syntax: in:#general from:@ana).',
    provider: 'slack',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: {
        query: { type: 'string', minLength: 1, maxLength: 500 },
        sort: { enum: ['score', 'timestamp'], default: 'score' },
        limit: pageSize(100, 20),
        cursor: { type: 'string', pattern: '^[1-9][0-9]{0,3}$' },
      },
      required: ['query'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        matches: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              ts: { type: 'string' }, user: { type: ['string', 'null'] }, text: { type: 'string' },
              channel_id: { type: ['string', 'null'] }, channel_name: { type: ['string', 'null'] }, permalink: { type: ['string', 'null'] },
            },
            required: ['ts', 'text'],
          },
        },
        next_cursor: nextCursorOut,
      },
      required: ['matches', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  request: (input) => ({
    method: 'GET',
    path: '/search.messages',
    query: { query: input.query, sort: input.sort ?? 'score', sort_dir: 'desc', count: input.limit ?? 20, page: input.cursor ?? '1' },
  }),
  shape: (body: SearchBody) => {
    const { messages } = slackOk(body);
    const page = messages.paging?.page ?? 1;
    return {
      matches: messages.matches.map((m) => ({
        ts: m.ts,
        user: m.user ?? m.username ?? null,
        text: m.text ?? '',
        channel_id: m.channel?.id ?? null,
        channel_name: m.channel?.name ?? null,
        permalink: m.permalink ?? null,
      })),
      next_cursor: page < (messages.paging?.pages ?? 1) ? String(page + 1) : null,
    };
  },
});
