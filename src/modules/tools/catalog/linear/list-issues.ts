import { defineTool } from '../../definition/tool-spec.js';
import { issueOut, ISSUE_FIELDS, shapeIssue } from './issue-shape.js';
import { after, first, linearQuery, nextCursor, nextCursorOut, PAGE_INFO, uuid } from './linear-graphql.js';

const QUERY = `query ListIssues($first: Int!, $after: String, $filter: IssueFilter) {
  issues(first: $first, after: $after, filter: $filter, orderBy: updatedAt) { nodes { ${ISSUE_FIELDS} } ${PAGE_INFO} }
}`;

const STATE_TYPES = ['triage', 'backlog', 'unstarted', 'started', 'completed', 'canceled'];

interface Input {
  team_id?: string; assignee_id?: string; assigned_to_me?: boolean; state_type?: string; title_contains?: string;
  first?: number; after?: string;
}

/** Builds an IssueFilter from the few filters a model needs; none → every issue the user can see. */
function issueFilter(input: Input): Record<string, unknown> | undefined {
  const filter: Record<string, unknown> = {};
  if (input.team_id) filter.team = { id: { eq: input.team_id } };
  if (input.assigned_to_me) filter.assignee = { isMe: { eq: true } };
  else if (input.assignee_id) filter.assignee = { id: { eq: input.assignee_id } };
  if (input.state_type) filter.state = { type: { eq: input.state_type } };
  if (input.title_contains) filter.title = { containsIgnoreCase: input.title_contains };
  return Object.keys(filter).length ? filter : undefined;
}

/** `issues` with an IssueFilter, most recently updated first. */
export const linearListIssues = defineTool({
  definition: {
    name: 'linear_list_issues',
    display_name: 'List Linear issues',
    description: 'List issues, most recently updated first, with optional filters.',
    provider: 'linear',
    category: 'project_management',
    input_schema: {
      type: 'object',
      properties: {
        team_id: uuid('From linear_list_teams'),
        assigned_to_me: { type: 'boolean' },
        assignee_id: uuid(),
        state_type: { type: 'string', enum: STATE_TYPES },
        title_contains: { type: 'string', maxLength: 200 },
        first: first(25),
        after,
      },
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { issues: { type: 'array', items: issueOut }, next_cursor: nextCursorOut },
      required: ['issues', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input: Input, ctx) {
    const data = await linearQuery(ctx, QUERY, { first: input.first ?? 25, after: input.after, filter: issueFilter(input) });
    return { issues: data.issues.nodes.map(shapeIssue), next_cursor: nextCursor(data.issues.pageInfo) };
  },
});
