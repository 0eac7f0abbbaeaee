import { defineTool } from '../../definition/tool-spec.js';
import { githubCall, repoPath } from './github-api.js';
import { issueNumber, issueOut, nullableString, repo, shapeIssue, type GitHubIssue } from './github-schema.js';

interface Input { repo: string; issue_number: number }

/** GET /repos/{owner}/{repo}/issues/{issue_number}: the list summary plus body and dates. */
export const getIssue = defineTool<Input, unknown>({
  definition: {
    name: 'github_get_issue',
    display_name: 'Get Issue',
    description: 'Read one issue or PR with its body.',
    provider: 'github',
    category: 'developer_tools',
    input_schema: {
      type: 'object',
      properties: { repo, issue_number: issueNumber },
      required: ['repo', 'issue_number'],
      additionalProperties: false,
    },
    output_schema: {
      ...issueOut,
      properties: { ...issueOut.properties, body: { type: 'string' }, created_at: { type: 'string' }, closed_at: nullableString },
      required: [...issueOut.required, 'body'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const res = await githubCall(ctx, { method: 'GET', path: `${repoPath(input.repo)}/issues/${input.issue_number}` });
    const issue = res.body as GitHubIssue;
    return { ...shapeIssue(issue), body: issue.body ?? '', created_at: issue.created_at, closed_at: issue.closed_at ?? null };
  },
});
