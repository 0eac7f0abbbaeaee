import { defineTool } from '../../definition/tool-spec.js';
import { after, first, linearQuery, nextCursor, nextCursorOut, PAGE_INFO, uuid } from './linear-graphql.js';

const QUERY = `query ListWorkflowStates($first: Int!, $after: String, $filter: WorkflowStateFilter) {
  workflowStates(first: $first, after: $after, filter: $filter) { nodes { id name type position team { key } } ${PAGE_INFO} }
}`;

/** `workflowStates` of a team: the state ids linear_update_issue and linear_create_issue take. */
export const linearListWorkflowStates = defineTool({
  definition: {
    name: 'linear_list_workflow_states',
    display_name: 'List Linear workflow states',
    description: "List a team's workflow states (Todo, Done…) with the ids that move an issue.",
    provider: 'linear',
    category: 'project_management',
    input_schema: {
      type: 'object',
      properties: { team_id: uuid('From linear_list_teams'), first: first(50), after },
      required: ['team_id'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        states: {
          type: 'array',
          items: {
            type: 'object',
            properties: { id: { type: 'string' }, name: { type: 'string' }, type: { type: 'string' }, team_key: { type: ['string', 'null'] } },
          },
        },
        next_cursor: nextCursorOut,
      },
      required: ['states', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input: { team_id: string; first?: number; after?: string }, ctx) {
    const filter = { team: { id: { eq: input.team_id } } };
    const data = await linearQuery(ctx, QUERY, { first: input.first ?? 50, after: input.after, filter });
    const nodes = [...data.workflowStates.nodes].sort((a: any, b: any) => a.position - b.position);
    return {
      states: nodes.map((s: any) => ({ id: s.id, name: s.name, type: s.type, team_key: s.team?.key ?? null })),
      next_cursor: nextCursor(data.workflowStates.pageInfo),
    };
  },
});
