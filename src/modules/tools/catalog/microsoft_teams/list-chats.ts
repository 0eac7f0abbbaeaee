import { defineTool } from '../../definition/tool-spec.js';
import { GRAPH, callGraph, cursorRequest, nextCursor, type GraphPage } from '../outlook/graph-api.js';

interface Input { limit?: number; cursor?: string }
interface GraphChat {
  id: string; topic?: string | null; chatType?: string; lastUpdatedDateTime?: string; webUrl?: string;
  members?: Array<{ displayName?: string | null }>;
}

const str = { type: 'string' };

export const listChats = defineTool<Input, unknown>({
  definition: {
    name: 'microsoft_teams_list_chats',
    display_name: 'List Chats',
    description: 'List the user\'s one-on-one, group and meeting chats with their members, to find a chat id.',
    provider: 'microsoft_teams',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: { limit: { type: 'integer', minimum: 1, maximum: 50, default: 20 }, cursor: { type: 'string', maxLength: 2000 } },
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        chats: {
          type: 'array',
          items: {
            type: 'object',
            properties: { id: str, topic: str, chat_type: { type: 'string', description: 'oneOnOne, group or meeting' }, members: { type: 'array', items: str }, last_updated_at: str, web_url: str },
            required: ['id', 'chat_type'],
          },
        },
        next_cursor: { type: ['string', 'null'] },
      },
      required: ['chats', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    // A one-on-one chat has no topic: its members' names are what tell chats apart.
    const req = input.cursor ? cursorRequest(input.cursor, /^\/v1\.0\/me\/chats$/) : { method: 'GET' as const, path: `${GRAPH}/me/chats`, query: { $expand: 'members', $top: input.limit ?? 20 } };
    const page = await callGraph<GraphPage<GraphChat>>(ctx, req, 'chat list');
    return {
      chats: (page.value ?? []).map((c) => ({
        id: c.id, topic: c.topic ?? '', chat_type: c.chatType ?? 'group', members: (c.members ?? []).map((m) => m.displayName ?? '').filter(Boolean),
        last_updated_at: c.lastUpdatedDateTime ?? '', web_url: c.webUrl ?? '',
      })),
      next_cursor: nextCursor(page),
    };
  },
});
