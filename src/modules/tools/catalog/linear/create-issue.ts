import { defineTool } from '../../definition/tool-spec.js';
import { issueFieldsIn, issueOut, ISSUE_FIELDS, shapeIssue, toIssueInput } from './issue-shape.js';
import { ensureSuccess, linearQuery, uuid } from './linear-graphql.js';

const MUTATION = `mutation CreateIssue($input: IssueCreateInput!) {
  issueCreate(input: $input) { success issue { ${ISSUE_FIELDS} } }
}`;

/** `issueCreate`: a new issue in a team; Linear gives it the team's default state when none is set. */
export const linearCreateIssue = defineTool({
  definition: {
    name: 'linear_create_issue',
    display_name: 'Create Linear issue',
    description: 'Create an issue in a team.',
    provider: 'linear',
    category: 'project_management',
    input_schema: {
      type: 'object',
      properties: {
        team_id: uuid('From linear_list_teams'),
        ...issueFieldsIn,
        assignee_id: uuid(),
        parent_id: uuid('For a sub-issue'),
      },
      required: ['team_id', 'title'],
      additionalProperties: false,
    },
    output_schema: issueOut,
  },
  // Each call creates another issue.
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input: Record<string, unknown>, ctx) {
    const data = await linearQuery(ctx, MUTATION, { input: toIssueInput(input) });
    return shapeIssue(ensureSuccess(data.issueCreate, 'create the issue').issue);
  },
});
