import { defineTool } from '../../definition/tool-spec.js';
import { githubCall, nextPage, repoPath } from './github-api.js';
import { cursor, issueOut, labelNames, nextCursorOut, perPage, repo, shapeIssue, type GitHubIssue } from './github-schema.js';

interface Input {
  repo: string; state?: 'open' | 'closed' | 'all'; labels?: string[]; assignee?: string;
  sort?: 'created' | 'updated' | 'comments'; since?: string; limit?: number; cursor?: string;
}

/** GET /repos/{owner}/{repo}/issues. GitHub counts pull requests as issues; is_pull_request tells them apart. */
export const listIssues = defineTool<Input, unknown>({
  definition: {
    name: 'github_list_issues',
    display_name: 'List Issues',
    description: 'List issues and PRs, newest first.',
    provider: 'github',
    category: 'developer_tools',
    input_schema: {
      type: 'object',
      properties: {
        repo,
        state: { enum: ['open', 'closed', 'all'], default: 'open' },
        labels: { ...labelNames, description: 'All of these' },
        assignee: { type: 'string', maxLength: 39, description: 'Login, "none" or "*"' },
        sort: { enum: ['created', 'updated', 'comments'] },
        since: { type: 'string', format: 'date-time' },
        limit: perPage,
        cursor,
      },
      required: ['repo'],
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
  async run(input, ctx) {
    const res = await githubCall(ctx, {
      method: 'GET',
      path: `${repoPath(input.repo)}/issues`,
      query: {
        state: input.state ?? 'open',
        labels: input.labels?.join(','),
        assignee: input.assignee,
        sort: input.sort ?? 'created',
        since: input.since,
        per_page: input.limit ?? 30,
        page: input.cursor,
      },
    });
    return { issues: (res.body as GitHubIssue[]).map(shapeIssue), next_cursor: nextPage(res.headers) };
  },
});
