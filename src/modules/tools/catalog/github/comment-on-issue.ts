import { defineTool } from '../../definition/tool-spec.js';
import { githubCall, repoPath } from './github-api.js';
import { issueNumber, repo } from './github-schema.js';

interface Input { repo: string; issue_number: number; body: string }

/** POST /repos/{owner}/{repo}/issues/{issue_number}/comments (works for pull requests too). Not idempotent. */
export const commentOnIssue = defineTool<Input, unknown>({
  definition: {
    name: 'github_comment_on_issue',
    display_name: 'Comment on Issue',
    description: 'Comment on an issue or PR.',
    provider: 'github',
    category: 'developer_tools',
    input_schema: {
      type: 'object',
      properties: {
        repo,
        issue_number: issueNumber,
        body: { type: 'string', minLength: 1, maxLength: 65536, description: 'Markdown' },
      },
      required: ['repo', 'issue_number', 'body'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { id: { type: 'integer' }, html_url: { type: 'string' }, author: { type: ['string', 'null'] }, created_at: { type: 'string' } },
      required: ['id', 'html_url'],
    },
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const res = await githubCall(ctx, {
      method: 'POST',
      path: `${repoPath(input.repo)}/issues/${input.issue_number}/comments`,
      json: { body: input.body },
    });
    const c = res.body as { id: number; html_url: string; user?: { login: string } | null; created_at: string };
    return { id: c.id, html_url: c.html_url, author: c.user?.login ?? null, created_at: c.created_at };
  },
});
