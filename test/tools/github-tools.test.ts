import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolFailure, type ToolSpec } from '../../src/modules/tools/definition/tool-spec.js';
import { tools } from '../../src/modules/tools/catalog/github/index.js';
import { commentOnIssue } from '../../src/modules/tools/catalog/github/comment-on-issue.js';
import { createIssue } from '../../src/modules/tools/catalog/github/create-issue.js';
import { getIssue } from '../../src/modules/tools/catalog/github/get-issue.js';
import { getRepository } from '../../src/modules/tools/catalog/github/get-repository.js';
import { listIssues } from '../../src/modules/tools/catalog/github/list-issues.js';
import { listPullRequests } from '../../src/modules/tools/catalog/github/list-pull-requests.js';
import { updateIssue } from '../../src/modules/tools/catalog/github/update-issue.js';
import { fakeContext, runTool, expectConnectorShape, toolFailure, acceptsInput } from '../helpers/tool-harness.js';
import { startGitHubFake, type GitHubFake } from '../fakes/providers/github.js';
import { githubSamples as samples } from './samples/github.js';

const TOKEN = 'gho_16C7e42F292c6912E7710c838347Ae178B4a';
let fake: GitHubFake;
const ctx = () => fakeContext(fake.url, TOKEN);

/** The headers GitHub's REST reference asks for, plus the account's bearer token. */
function expectGitHubHeaders(headers: Record<string, unknown>) {
  expect(headers.authorization).toBe(`Bearer ${TOKEN}`);
  expect(headers.accept).toBe('application/vnd.github+json');
  expect(headers['x-github-api-version']).toBe('2022-11-28');
}

const failure = (spec: ToolSpec, input: unknown, context = ctx()) => toolFailure(spec, input, context);

beforeAll(async () => { fake = await startGitHubFake(); });
afterAll(async () => { await fake.close(); });

describe('github tools', () => {
  it('lists the connector\'s tools with unique names and definitions within the 2 KB budget', () => {
    expectConnectorShape(tools, { provider: 'github', names: ['github_create_issue', 'github_list_issues', 'github_get_issue', 'github_comment_on_issue', 'github_list_pull_requests', 'github_get_repository'], match: 'includes', strictInput: false });
  });

  it('github_create_issue posts title/body to /repos/{owner}/{repo}/issues (the seed\'s sample input)', async () => {
    const out = await runTool(createIssue, samples.github_create_issue.input, ctx());
    const req = fake.last();
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/repos/octocat/Hello-World/issues');
    expect(req.query).toEqual({});
    expectGitHubHeaders(req.headers);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.body).toEqual({ title: 'Bug', body: 'Steps to reproduce…' });
    expect(out).toEqual({ number: 6, title: 'Bug', state: 'open', html_url: 'https://github.com/octocat/Hello-World/issues/6' });
  });

  it('github_create_issue sends labels and assignees; an unknown assignee is a 422 naming the field only', async () => {
    await runTool(createIssue, { repo: 'octocat/Hello-World', title: 'Crash', labels: ['bug'], assignees: ['hubot'] }, ctx());
    expect(fake.last().body).toEqual({ title: 'Crash', labels: ['bug'], assignees: ['hubot'] });
    const err = await failure(createIssue, { repo: 'octocat/Hello-World', title: 'X', assignees: ['nobody-here'] });
    expect(err.status).toBe(422);
    expect(err.providerCode).toBe('validation_failed');
    expect(err.message).toBe('GitHub rejected the input: assignees invalid');
  });

  it('github_list_issues sends the filters and follows the Link header as a cursor', async () => {
    const first = await runTool(listIssues, samples.github_list_issues.input, ctx());
    const req = fake.last();
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/repos/octocat/Hello-World/issues');
    expect(req.query).toEqual({ state: 'all', labels: 'bug', sort: 'created', per_page: '2' });
    expectGitHubHeaders(req.headers);
    expect(req.body).toBeUndefined();
    expect(first.issues.map((i: { number: number }) => i.number)).toEqual([7, 2]);
    expect(first.issues[1]).toEqual({
      number: 2, title: 'Old crash on startup', state: 'closed', html_url: 'https://github.com/octocat/Hello-World/issues/2', author: 'octocat',
      labels: ['bug'], assignees: [], comments: 0, is_pull_request: false, updated_at: '2024-02-02T10:00:00Z',
    });
    expect(first.next_cursor).toBe('2');

    const second = await runTool(listIssues, { repo: 'octocat/Hello-World', state: 'all', labels: ['bug'], limit: 2, cursor: first.next_cursor }, ctx());
    expect(fake.last().query).toEqual({ state: 'all', labels: 'bug', sort: 'created', per_page: '2', page: '2' });
    expect(second.issues).toEqual([{
      number: 1, title: 'Found a bug', state: 'open', html_url: 'https://github.com/octocat/Hello-World/issues/1', author: 'octocat',
      labels: ['bug'], assignees: ['octocat'], comments: 2, is_pull_request: false, updated_at: '2024-01-02T10:00:00Z',
    }]);
    expect(second.next_cursor).toBeNull();
  });

  it('github_list_issues defaults to open issues and flags pull requests', async () => {
    const out = await runTool(listIssues, { repo: 'octocat/Hello-World', assignee: '*', sort: 'updated', since: '2024-01-01T00:00:00Z' }, ctx());
    expect(fake.last().query).toEqual({ state: 'open', assignee: '*', sort: 'updated', since: '2024-01-01T00:00:00Z', per_page: '30' });
    expect(out.issues.map((i: { number: number }) => i.number)).toEqual([7, 1]);
    const all = await runTool(listIssues, { repo: 'octocat/Hello-World' }, ctx());
    const pr = all.issues.find((i: { number: number }) => i.number === 4);
    expect(pr.is_pull_request).toBe(true);
    expect(pr.html_url).toBe('https://github.com/octocat/Hello-World/pull/4');
  });

  it('github_get_issue reads one issue with its body and dates', async () => {
    const out = await runTool(getIssue, samples.github_get_issue.input, ctx());
    const req = fake.last();
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/repos/octocat/Hello-World/issues/1');
    expect(req.query).toEqual({});
    expectGitHubHeaders(req.headers);
    expect(out).toEqual({
      number: 1, title: 'Found a bug', state: 'open', html_url: 'https://github.com/octocat/Hello-World/issues/1', author: 'octocat',
      labels: ['bug'], assignees: ['octocat'], comments: 2, is_pull_request: false, updated_at: '2024-01-02T10:00:00Z',
      body: "I'm having a problem with this.", created_at: '2024-01-01T10:00:00Z', closed_at: null,
    });
  });

  it('github_get_issue on a missing number is a 404 ToolFailure', async () => {
    const err = await failure(getIssue, { repo: 'octocat/Hello-World', issue_number: 999 });
    expect(fake.last().path).toBe('/repos/octocat/Hello-World/issues/999');
    expect(err.status).toBe(404);
    expect(err.providerCode).toBe('not_found');
    expect(err.message).toMatch(/^GitHub: not found; check the repository owner\/name and the number/);
  });

  it('github_comment_on_issue posts the body to the comments endpoint', async () => {
    const out = await runTool(commentOnIssue, samples.github_comment_on_issue.input, ctx());
    const req = fake.last();
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/repos/octocat/Hello-World/issues/1/comments');
    expectGitHubHeaders(req.headers);
    expect(req.body).toEqual({ body: 'Me too' });
    expect(out).toEqual({ id: 1146828, html_url: 'https://github.com/octocat/Hello-World/issues/1#issuecomment-1146828', author: 'octocat', created_at: '2024-06-01T12:30:00Z' });
  });

  it('github_update_issue patches only the given fields', async () => {
    const out = await runTool(updateIssue, samples.github_update_issue.input, ctx());
    const req = fake.last();
    expect(req.method).toBe('PATCH');
    expect(req.path).toBe('/repos/octocat/Hello-World/issues/3');
    expectGitHubHeaders(req.headers);
    expect(req.body).toEqual({ state: 'closed', state_reason: 'not_planned', labels: [] });
    expect(out).toEqual({ number: 3, title: 'Add dark mode', state: 'closed', html_url: 'https://github.com/octocat/Hello-World/issues/3' });
    const reread = await runTool(getIssue, { repo: 'octocat/Hello-World', issue_number: 3 }, ctx());
    expect(reread.labels).toEqual([]);
  });

  it('github_update_issue\'s schema refuses a call with nothing to change', async () => {
    const validate = (input: unknown) => acceptsInput(updateIssue, input);
    expect(validate({ repo: 'octocat/Hello-World', issue_number: 3 })).toBe(false);
    expect(validate({ repo: 'octocat/Hello-World', issue_number: 3, title: 'Dark mode' })).toBe(true);
  });

  it('github_list_pull_requests shapes branches and merge state with a cursor', async () => {
    const first = await runTool(listPullRequests, samples.github_list_pull_requests.input, ctx());
    const req = fake.last();
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/repos/octocat/Hello-World/pulls');
    expect(req.query).toEqual({ state: 'all', base: 'master', sort: 'created', per_page: '1' });
    expectGitHubHeaders(req.headers);
    expect(first).toEqual({
      pull_requests: [{
        number: 5, title: 'Fix typo in README', state: 'closed', draft: false, html_url: 'https://github.com/octocat/Hello-World/pull/5',
        author: 'octocat', head: 'typo', base: 'master', updated_at: '2024-05-02T10:00:00Z', merged_at: '2024-05-03T10:00:00Z',
      }],
      next_cursor: '2',
    });
    const second = await runTool(listPullRequests, { repo: 'octocat/Hello-World', state: 'all', base: 'master', limit: 1, cursor: '2' }, ctx());
    expect(fake.last().query.page).toBe('2');
    expect(second.pull_requests.map((p: { number: number }) => p.number)).toEqual([4]);
    expect(second.next_cursor).toBeNull();
  });

  it('github_get_repository returns the essentials, not the whole object', async () => {
    const out = await runTool(getRepository, samples.github_get_repository.input, ctx());
    const req = fake.last();
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/repos/octocat/Hello-World');
    expectGitHubHeaders(req.headers);
    expect(out).toEqual({
      full_name: 'octocat/Hello-World', description: 'This your first repo!', html_url: 'https://github.com/octocat/Hello-World',
      private: false, default_branch: 'master', language: 'TypeScript', topics: ['octocat', 'atom', 'electron', 'api'],
      stars: 80, forks: 9, open_issues: 4, archived: false, pushed_at: '2011-01-26T19:06:43Z',
    });
  });

  it('maps a missing repository to 404 and disabled issues to 410', async () => {
    const missing = await failure(getRepository, { repo: 'octocat/does-not-exist' });
    expect(missing.status).toBe(404);
    expect(missing.message).not.toContain('documentation_url');
    const gone = await failure(listIssues, { repo: 'octocat/Spoon-Knife' });
    expect(gone.status).toBe(410);
    expect(gone.message).toBe('GitHub: issues are disabled for this repository');
  });

  it('leaves a 401 to the runtime as a failure with status 401', async () => {
    const noAuth = { request: (req: Parameters<ReturnType<typeof ctx>['request']>[0], opts?: { allowStatus?: number[] }) => ctx().request({ ...req, headers: { ...req.headers, authorization: 'token-less' } }, opts) };
    const err = await toolFailure(getRepository, { repo: 'octocat/Hello-World' }, noAuth);
    expect((err as ToolFailure).status).toBe(401);
  });
});
