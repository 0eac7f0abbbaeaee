import type { ToolSample } from './tool-sample.js';

/** One valid input per github tool, as its connector test runs it, and the calls it makes on the fake (a fresh one, in this order). */
export const githubSamples = {
  github_create_issue: {
    input: { repo: 'octocat/Hello-World', title: 'Bug', body: 'Steps to reproduce…' },
    calls: ['POST /repos/octocat/Hello-World/issues'],
  },
  github_list_issues: {
    input: { repo: 'octocat/Hello-World', state: 'all', labels: ['bug'], limit: 2 },
    calls: ['GET /repos/octocat/Hello-World/issues'],
  },
  github_get_issue: {
    input: { repo: 'octocat/Hello-World', issue_number: 1 },
    calls: ['GET /repos/octocat/Hello-World/issues/1'],
  },
  github_comment_on_issue: {
    input: { repo: 'octocat/Hello-World', issue_number: 1, body: 'Me too' },
    calls: ['POST /repos/octocat/Hello-World/issues/1/comments'],
  },
  github_update_issue: {
    input: { repo: 'octocat/Hello-World', issue_number: 3, state: 'closed', state_reason: 'not_planned', labels: [] },
    calls: ['PATCH /repos/octocat/Hello-World/issues/3'],
  },
  github_list_pull_requests: {
    input: { repo: 'octocat/Hello-World', state: 'all', base: 'master', limit: 1 },
    calls: ['GET /repos/octocat/Hello-World/pulls'],
  },
  github_get_repository: {
    input: { repo: 'octocat/Hello-World' },
    calls: ['GET /repos/octocat/Hello-World'],
  },
} satisfies Record<string, ToolSample>;
