import { defineTool } from '../../definition/tool-spec.js';
import { githubCall, nextPage, repoPath } from './github-api.js';
import { cursor, nextCursorOut, nullableString, perPage, repo } from './github-schema.js';

interface Input {
  repo: string; state?: 'open' | 'closed' | 'all'; base?: string; head?: string;
  sort?: 'created' | 'updated' | 'popularity' | 'long-running'; limit?: number; cursor?: string;
}

interface GitHubPull {
  number: number; title: string; state: 'open' | 'closed'; draft?: boolean; html_url: string; user?: { login: string } | null;
  head: { ref: string }; base: { ref: string }; updated_at: string; merged_at?: string | null;
}

/** GET /repos/{owner}/{repo}/pulls: branches, draft and merge state, not the diff. */
export const listPullRequests = defineTool<Input, unknown>({
  definition: {
    name: 'github_list_pull_requests',
    display_name: 'List Pull Requests',
    description: 'List pull requests with branches and merge state.',
    provider: 'github',
    category: 'developer_tools',
    input_schema: {
      type: 'object',
      properties: {
        repo,
        state: { enum: ['open', 'closed', 'all'], default: 'open' },
        base: { type: 'string', maxLength: 255, description: 'Target branch' },
        head: { type: 'string', maxLength: 300, description: 'user:branch' },
        sort: { enum: ['created', 'updated', 'popularity', 'long-running'], default: 'created' },
        limit: perPage,
        cursor,
      },
      required: ['repo'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        pull_requests: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              number: { type: 'integer' }, title: { type: 'string' }, state: { enum: ['open', 'closed'] }, draft: { type: 'boolean' },
              html_url: { type: 'string' }, author: nullableString, head: { type: 'string' }, base: { type: 'string' },
              updated_at: { type: 'string' }, merged_at: nullableString,
            },
            required: ['number', 'title', 'state', 'html_url'],
          },
        },
        next_cursor: nextCursorOut,
      },
      required: ['pull_requests', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const res = await githubCall(ctx, {
      method: 'GET',
      path: `${repoPath(input.repo)}/pulls`,
      query: {
        state: input.state ?? 'open', base: input.base, head: input.head, sort: input.sort ?? 'created',
        per_page: input.limit ?? 30, page: input.cursor,
      },
    });
    const pulls = (res.body as GitHubPull[]).map((p) => ({
      number: p.number,
      title: p.title,
      state: p.state,
      draft: p.draft ?? false,
      html_url: p.html_url,
      author: p.user?.login ?? null,
      head: p.head.ref,
      base: p.base.ref,
      updated_at: p.updated_at,
      merged_at: p.merged_at ?? null,
    }));
    return { pull_requests: pulls, next_cursor: nextPage(res.headers) };
  },
});
