import { defineTool } from '../../definition/tool-spec.js';
import { githubCall, repoPath } from './github-api.js';
import { repo } from './github-schema.js';

interface GitHubRepo {
  full_name: string; description: string | null; html_url: string; private: boolean; default_branch: string;
  language: string | null; topics?: string[]; stargazers_count: number; forks_count: number; open_issues_count: number;
  archived: boolean; pushed_at: string | null;
}

/** GET /repos/{owner}/{repo}: what a model needs to orient itself, not the ~100 URL fields. */
export const getRepository = defineTool<{ repo: string }, unknown>({
  definition: {
    name: 'github_get_repository',
    display_name: 'Get Repository',
    description: 'Read a repository: default branch, visibility, topics, counts.',
    provider: 'github',
    category: 'developer_tools',
    input_schema: { type: 'object', properties: { repo }, required: ['repo'], additionalProperties: false },
    output_schema: {
      type: 'object',
      properties: {
        full_name: { type: 'string' }, description: { type: ['string', 'null'] }, html_url: { type: 'string' },
        private: { type: 'boolean' }, default_branch: { type: 'string' }, language: { type: ['string', 'null'] },
        topics: { type: 'array', items: { type: 'string' } }, stars: { type: 'integer' }, forks: { type: 'integer' },
        open_issues: { type: 'integer' }, archived: { type: 'boolean' }, pushed_at: { type: ['string', 'null'] },
      },
      required: ['full_name', 'html_url', 'default_branch'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const r = (await githubCall(ctx, { method: 'GET', path: repoPath(input.repo) })).body as GitHubRepo;
    return {
      full_name: r.full_name,
      description: r.description,
      html_url: r.html_url,
      private: r.private,
      default_branch: r.default_branch,
      language: r.language,
      topics: r.topics ?? [],
      stars: r.stargazers_count,
      forks: r.forks_count,
      open_issues: r.open_issues_count,
      archived: r.archived,
      pushed_at: r.pushed_at,
    };
  },
});
