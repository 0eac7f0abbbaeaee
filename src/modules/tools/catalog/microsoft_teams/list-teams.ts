import { defineTool } from '../../definition/tool-spec.js';
import { pageLocally } from '../paging/page-locally.js';
import { GRAPH, callGraph, type GraphPage } from '../outlook/graph-api.js';

interface Input { limit?: number; cursor?: string }
interface GraphTeam { id: string; displayName?: string | null; description?: string | null; isArchived?: boolean }

export const listTeams = defineTool<Input, unknown>({
  definition: {
    name: 'microsoft_teams_list_teams',
    display_name: 'List Teams',
    description: 'List the teams the user is a member of, to find a team id.',
    provider: 'microsoft_teams',
    category: 'communication',
    input_schema: {
      type: 'object',
      properties: { limit: { type: 'integer', minimum: 1, maximum: 100, default: 50 }, cursor: { type: 'string', maxLength: 20 } },
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        teams: { type: 'array', items: { type: 'object', properties: { id: { type: 'string' }, name: { type: 'string' }, description: { type: 'string' }, is_archived: { type: 'boolean' } }, required: ['id', 'name'] } },
        next_cursor: { type: ['string', 'null'] },
      },
      required: ['teams', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    // joinedTeams takes no $top and answers every team at once, so pages are cut here.
    const all = await callGraph<GraphPage<GraphTeam>>(ctx, { method: 'GET', path: `${GRAPH}/me/joinedTeams` }, 'team list');
    const { page, next_cursor } = pageLocally(all.value ?? [], input.limit ?? 50, input.cursor);
    return {
      teams: page.map((t) => ({ id: t.id, name: t.displayName ?? '', description: t.description ?? '', is_archived: t.isArchived ?? false })),
      next_cursor,
    };
  },
});
