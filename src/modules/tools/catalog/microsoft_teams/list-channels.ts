import { defineTool } from '../../definition/tool-spec.js';
import { pageLocally } from '../paging/page-locally.js';
import { GRAPH, callGraph, seg, type GraphPage } from '../outlook/graph-api.js';
import { idProperty } from './teams-message.js';

interface Input { team_id: string; limit?: number; cursor?: string }
interface GraphChannel { id: string; displayName?: string; description?: string | null; membershipType?: string; webUrl?: string }

const str = { type: 'string' };

export const listChannels = defineTool<Input, unknown>({
  definition: {
    name: 'microsoft_teams_list_channels',
    display_name: 'List Channels',
    description: 'List the channels of a team, to find a channel id.',
    provider: 'microsoft_teams',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: { team_id: idProperty, limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 }, cursor: { type: 'string', maxLength: 20 } },
      required: ['team_id'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        channels: {
          type: 'array',
          items: { type: 'object', properties: { id: str, name: str, description: str, membership: { type: 'string', description: 'standard, private or shared' }, web_url: str }, required: ['id', 'name'] },
        },
        next_cursor: { type: ['string', 'null'] },
      },
      required: ['channels', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    // channels takes no $top either: one answer holds every channel the user can see.
    const all = await callGraph<GraphPage<GraphChannel>>(ctx, {
      method: 'GET', path: `${GRAPH}/teams/${seg(input.team_id)}/channels`, query: { $select: 'id,displayName,description,membershipType,webUrl' },
    }, `team ${input.team_id}`);
    const { page, next_cursor } = pageLocally(all.value ?? [], input.limit ?? 50, input.cursor);
    return {
      channels: page.map((c) => ({ id: c.id, name: c.displayName ?? '', description: c.description ?? '', membership: c.membershipType ?? 'standard', web_url: c.webUrl ?? '' })),
      next_cursor,
    };
  },
});
