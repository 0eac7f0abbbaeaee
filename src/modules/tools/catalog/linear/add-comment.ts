import { defineTool } from '../../definition/tool-spec.js';
import { ensureSuccess, issueRef, linearQuery } from './linear-graphql.js';

const MUTATION = `mutation AddComment($input: CommentCreateInput!) {
  commentCreate(input: $input) { success comment { id body url createdAt } }
}`;

/** `commentCreate` on an issue; the body is markdown. */
export const linearAddComment = defineTool({
  definition: {
    name: 'linear_add_comment',
    display_name: 'Comment on Linear issue',
    description: 'Add a markdown comment to an issue (id or identifier such as ENG-123).',
    provider: 'linear',
    category: 'project_management',
    input_schema: {
      type: 'object',
      properties: { issue_id: issueRef, body: { type: 'string', minLength: 1, maxLength: 20000 } },
      required: ['issue_id', 'body'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { id: { type: 'string' }, url: { type: 'string' }, created_at: { type: 'string' } },
      required: ['id', 'url', 'created_at'],
    },
  },
  // Each call posts another comment.
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input: { issue_id: string; body: string }, ctx) {
    const data = await linearQuery(ctx, MUTATION, { input: { issueId: input.issue_id, body: input.body } });
    const { comment } = ensureSuccess(data.commentCreate, 'add the comment');
    return { id: comment.id, url: comment.url, created_at: comment.createdAt };
  },
});
