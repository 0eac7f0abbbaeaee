import { defineTool } from '../../definition/tool-spec.js';
import { ISSUE_FIELDS, issueOutProperties, shapeIssue } from './issue-shape.js';
import { issueRef, linearQuery } from './linear-graphql.js';

const QUERY = `query GetIssue($id: String!) {
  issue(id: $id) {
    ${ISSUE_FIELDS} description createdAt
    labels { nodes { name } }
    project { name }
    comments(first: 20) { nodes { id body createdAt user { name } } }
  }
}`;

/** `issue(id:)` takes the UUID or the ENG-123 identifier; a missing issue is a GraphQL error. */
export const linearGetIssue = defineTool({
  definition: {
    name: 'linear_get_issue',
    display_name: 'Get Linear issue',
    description: 'Read an issue with its description, labels and latest 20 comments.',
    provider: 'linear',
    category: 'project_management',
    input_schema: {
      type: 'object',
      properties: { issue_id: issueRef },
      required: ['issue_id'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        ...issueOutProperties,
        description: { type: ['string', 'null'] },
        created_at: { type: 'string' },
        labels: { type: 'array', items: { type: 'string' } },
        project: { type: ['string', 'null'] },
        comments: {
          type: 'array',
          items: { type: 'object', properties: { id: { type: 'string' }, author: { type: ['string', 'null'] }, body: { type: 'string' }, created_at: { type: 'string' } } },
        },
      },
      required: ['id', 'identifier', 'title', 'url', 'labels', 'comments'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input: { issue_id: string }, ctx) {
    const { issue } = await linearQuery(ctx, QUERY, { id: input.issue_id });
    return {
      ...shapeIssue(issue),
      description: issue.description ?? null,
      created_at: issue.createdAt,
      labels: (issue.labels?.nodes ?? []).map((l: any) => l.name),
      project: issue.project?.name ?? null,
      comments: (issue.comments?.nodes ?? []).map((c: any) => ({ id: c.id, author: c.user?.name ?? null, body: c.body, created_at: c.createdAt })),
    };
  },
});
