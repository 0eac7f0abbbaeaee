import { defineTool } from '../../definition/tool-spec.js';
import { after, first, linearQuery, nextCursor, nextCursorOut, PAGE_INFO } from './linear-graphql.js';

const QUERY = `query ListTeams($first: Int!, $after: String) {
  teams(first: $first, after: $after) { nodes { id key name description } ${PAGE_INFO} }
}`;

/** `teams`: the team ids other Linear tools need, with their issue-key prefix. */
export const linearListTeams = defineTool({
  definition: {
    name: 'linear_list_teams',
    display_name: 'List Linear teams',
    description: 'List teams: id (to create or filter issues) and key (ENG in ENG-123).',
    provider: 'linear',
    category: 'project_management',
    input_schema: {
      type: 'object',
      properties: { first: first(50), after },
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        teams: {
          type: 'array',
          items: {
            type: 'object',
            properties: { id: { type: 'string' }, key: { type: 'string' }, name: { type: 'string' }, description: { type: ['string', 'null'] } },
          },
        },
        next_cursor: nextCursorOut,
      },
      required: ['teams', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input: { first?: number; after?: string }, ctx) {
    const data = await linearQuery(ctx, QUERY, { first: input.first ?? 50, after: input.after });
    return {
      teams: data.teams.nodes.map((t: any) => ({ id: t.id, key: t.key, name: t.name, description: t.description ?? null })),
      next_cursor: nextCursor(data.teams.pageInfo),
    };
  },
});
