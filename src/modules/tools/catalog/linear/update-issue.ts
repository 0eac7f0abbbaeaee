import { defineTool } from '../../definition/tool-spec.js';
import { issueFieldsIn, issueOut, ISSUE_FIELDS, shapeIssue, toIssueInput } from './issue-shape.js';
import { ensureSuccess, issueRef, linearQuery } from './linear-graphql.js';

const MUTATION = `mutation UpdateIssue($id: String!, $input: IssueUpdateInput!) {
  issueUpdate(id: $id, input: $input) { success issue { ${ISSUE_FIELDS} } }
}`;

/** `issueUpdate`: sets only the fields given; assignee_id null unassigns. */
export const linearUpdateIssue = defineTool({
  definition: {
    name: 'linear_update_issue',
    display_name: 'Update Linear issue',
    description: 'Change the given fields only.',
    provider: 'linear',
    category: 'project_management',
    input_schema: {
      type: 'object',
      properties: {
        issue_id: issueRef,
        ...issueFieldsIn,
        assignee_id: { type: ['string', 'null'], format: 'uuid', description: 'null unassigns' },
      },
      required: ['issue_id'],
      minProperties: 2,
      additionalProperties: false,
    },
    output_schema: issueOut,
  },
  // Setting the same values again leaves the issue as it was.
  annotations: { readOnly: false, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input: Record<string, unknown> & { issue_id: string }, ctx) {
    const { issue_id: id, ...fields } = input;
    const data = await linearQuery(ctx, MUTATION, { id, input: toIssueInput(fields) });
    return shapeIssue(ensureSuccess(data.issueUpdate, 'update the issue').issue);
  },
});
