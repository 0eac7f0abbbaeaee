import { defineTool } from '../../definition/tool-spec.js';
import { githubCall, repoPath } from './github-api.js';
import { issueNumber, issueRef, issueRefOut, labelNames, logins, repo, type GitHubIssue } from './github-schema.js';

interface Input {
  repo: string; issue_number: number; title?: string; body?: string; state?: 'open' | 'closed';
  state_reason?: 'completed' | 'not_planned' | 'reopened'; labels?: string[]; assignees?: string[];
}

const CHANGEABLE = ['title', 'body', 'state', 'state_reason', 'labels', 'assignees'] as const;

/**
 * PATCH /repos/{owner}/{repo}/issues/{issue_number}. Idempotent, and not destructive: every change
 * can be reverted (GitHub keeps the edit history), so it is not flagged as such.
 */
export const updateIssue = defineTool<Input, unknown>({
  definition: {
    name: 'github_update_issue',
    display_name: 'Update Issue',
    description: 'Edit an issue (close, reopen, retitle, relabel…); give at least one field.',
    provider: 'github',
    category: 'developer_tools',
    input_schema: {
      type: 'object',
      properties: {
        repo,
        issue_number: issueNumber,
        title: { type: 'string', minLength: 1, maxLength: 256 },
        body: { type: 'string', maxLength: 65536 },
        state: { enum: ['open', 'closed'] },
        state_reason: { enum: ['completed', 'not_planned', 'reopened'] },
        labels: { ...labelNames, description: 'Replaces all labels' },
        assignees: logins('Replaces all assignees'),
      },
      required: ['repo', 'issue_number'],
      minProperties: 3,
      additionalProperties: false,
    },
    output_schema: issueRefOut,
  },
  annotations: { readOnly: false, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const json = Object.fromEntries(CHANGEABLE.filter((k) => input[k] !== undefined).map((k) => [k, input[k]]));
    const res = await githubCall(ctx, { method: 'PATCH', path: `${repoPath(input.repo)}/issues/${input.issue_number}`, json });
    return issueRef(res.body as GitHubIssue);
  },
});
