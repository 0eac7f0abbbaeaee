import { defineTool } from '../../definition/tool-spec.js';
import { githubCall, repoPath } from './github-api.js';
import { issueRef, issueRefOut, labelNames, logins, repo, type GitHubIssue } from './github-schema.js';

interface Input { repo: string; title: string; body?: string; labels?: string[]; assignees?: string[] }

/** POST /repos/{owner}/{repo}/issues. Not idempotent: each call opens a new issue. */
export const createIssue = defineTool<Input, unknown>({
  definition: {
    name: 'github_create_issue',
    display_name: 'Create Issue',
    description: 'Open an issue in a repository.',
    provider: 'github',
    category: 'developer_tools',
    input_schema: {
      type: 'object',
      properties: {
        repo,
        title: { type: 'string', minLength: 1, maxLength: 256 },
        body: { type: 'string', maxLength: 65536, description: 'Markdown' },
        labels: labelNames,
        assignees: logins('Logins'),
      },
      required: ['repo', 'title'],
      additionalProperties: false,
    },
    output_schema: issueRefOut,
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const { repo: r, ...fields } = input;
    const res = await githubCall(ctx, { method: 'POST', path: `${repoPath(r)}/issues`, json: fields });
    return issueRef(res.body as GitHubIssue);
  },
});
