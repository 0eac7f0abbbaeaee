import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback GitHub REST API (https://api.github.com) for connector tests: the repository, issue,
 * comment and pull request endpoints the github tools call, answering with the shapes of GitHub's
 * reference examples (full objects, `Link` pagination, 401/404/410/422 bodies), and recording
 * every request exactly.
 */
export interface RecordedGitHubRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body; undefined when there was none. */
  body: unknown;
}

export interface GitHubFake {
  /** Base URL like the catalog's proxy_url: `http://127.0.0.1:<port>`. */
  url: string;
  requests: RecordedGitHubRequest[];
  last(): RecordedGitHubRequest;
  close(): Promise<void>;
}

interface Issue {
  number: number; title: string; body: string | null; state: 'open' | 'closed'; state_reason: string | null; author: string;
  labels: string[]; assignees: string[]; comments: number; created_at: string; updated_at: string; closed_at: string | null; pull?: PullInfo;
}
interface PullInfo { head: string; base: string; draft: boolean; merged_at: string | null }
interface Repo { id: number; owner: string; name: string; description: string | null; private: boolean; has_issues: boolean; collaborators: string[]; issues: Issue[] }

const DOCS = 'https://docs.github.com/rest';
const LABELS: Record<string, { id: number; description: string; color: string }> = {
  bug: { id: 208045946, description: "Something isn't working", color: 'd73a4a' },
  enhancement: { id: 208045947, description: 'New feature or request', color: 'a2eeef' },
  'good first issue': { id: 208045948, description: 'Good for newcomers', color: '7057ff' },
};

function seed(): Map<string, Repo> {
  const issue = (n: number, title: string, extra: Partial<Issue> = {}): Issue => ({
    number: n, title, body: null, state: 'open', state_reason: null, author: 'octocat', labels: [], assignees: [], comments: 0,
    created_at: `2024-0${Math.min(n, 9)}-01T10:00:00Z`, updated_at: `2024-0${Math.min(n, 9)}-02T10:00:00Z`, closed_at: null, ...extra,
  });
  const hello: Repo = {
    id: 1296269, owner: 'octocat', name: 'Hello-World', description: 'This your first repo!', private: false, has_issues: true,
    collaborators: ['octocat', 'hubot'],
    issues: [
      issue(1, 'Found a bug', { body: "I'm having a problem with this.", labels: ['bug'], assignees: ['octocat'], comments: 2 }),
      issue(2, 'Old crash on startup', { state: 'closed', state_reason: 'completed', closed_at: '2024-02-03T10:00:00Z', labels: ['bug'] }),
      issue(3, 'Add dark mode', { author: 'hubot', labels: ['enhancement', 'good first issue'] }),
      issue(4, 'Amazing new feature', { body: 'Please pull these awesome changes in!', pull: { head: 'new-topic', base: 'master', draft: false, merged_at: null } }),
      issue(5, 'Fix typo in README', { state: 'closed', closed_at: '2024-05-03T10:00:00Z', pull: { head: 'typo', base: 'master', draft: false, merged_at: '2024-05-03T10:00:00Z' } }),
    ],
  };
  const quiet: Repo = { id: 1300192, owner: 'octocat', name: 'Spoon-Knife', description: null, private: false, has_issues: false, collaborators: ['octocat'], issues: [] };
  return new Map([[`octocat/hello-world`, hello], [`octocat/spoon-knife`, quiet]]);
}

const userObj = (login: string) => ({
  login, id: login === 'octocat' ? 1 : 2, node_id: 'MDQ6VXNlcjE=', avatar_url: `https://github.com/images/${login}.gif`, gravatar_id: '',
  url: `https://api.github.com/users/${login}`, html_url: `https://github.com/${login}`, type: 'User', site_admin: false,
});

function issueObj(repo: Repo, i: Issue) {
  const api = `https://api.github.com/repos/${repo.owner}/${repo.name}`;
  const html = `https://github.com/${repo.owner}/${repo.name}`;
  return {
    id: 1000 + i.number, node_id: 'MDU6SXNzdWUx', url: `${api}/issues/${i.number}`, repository_url: api,
    labels_url: `${api}/issues/${i.number}/labels{/name}`, comments_url: `${api}/issues/${i.number}/comments`,
    events_url: `${api}/issues/${i.number}/events`, html_url: `${html}/${i.pull ? 'pull' : 'issues'}/${i.number}`,
    number: i.number, state: i.state, state_reason: i.state_reason, title: i.title, body: i.body, user: userObj(i.author),
    labels: i.labels.map((name) => ({ id: LABELS[name]?.id ?? 1, node_id: 'MDU6TGFiZWwyMDgwNDU5NDY=', url: `${api}/labels/${encodeURIComponent(name)}`, name,
      description: LABELS[name]?.description ?? null, color: LABELS[name]?.color ?? 'ededed', default: true })),
    assignee: i.assignees[0] ? userObj(i.assignees[0]) : null, assignees: i.assignees.map(userObj), milestone: null,
    locked: false, active_lock_reason: null, comments: i.comments,
    ...(i.pull ? { pull_request: { url: `${api}/pulls/${i.number}`, html_url: `${html}/pull/${i.number}`, diff_url: `${html}/pull/${i.number}.diff`, patch_url: `${html}/pull/${i.number}.patch`, merged_at: i.pull.merged_at } } : {}),
    closed_at: i.closed_at, created_at: i.created_at, updated_at: i.updated_at, closed_by: i.closed_at ? userObj('octocat') : null,
    author_association: 'COLLABORATOR',
  };
}

function pullObj(repo: Repo, i: Issue) {
  const api = `https://api.github.com/repos/${repo.owner}/${repo.name}`;
  const ref = (r: string) => ({ label: `${repo.owner}:${r}`, ref: r, sha: '6dcb09b5b57875f334f61aebed695e2e4193db5e', user: userObj(repo.owner) });
  return {
    url: `${api}/pulls/${i.number}`, id: 2000 + i.number, node_id: 'MDExOlB1bGxSZXF1ZXN0MQ==',
    html_url: `https://github.com/${repo.owner}/${repo.name}/pull/${i.number}`, diff_url: `https://github.com/${repo.owner}/${repo.name}/pull/${i.number}.diff`,
    number: i.number, state: i.state, locked: false, title: i.title, user: userObj(i.author), body: i.body,
    labels: [], milestone: null, active_lock_reason: null, created_at: i.created_at, updated_at: i.updated_at, closed_at: i.closed_at,
    merged_at: i.pull!.merged_at, merge_commit_sha: 'e5bd3914e2e596debea16f433f57875b5b90bcd6', assignee: null, assignees: [],
    requested_reviewers: [], requested_teams: [], head: ref(i.pull!.head), base: ref(i.pull!.base), author_association: 'OWNER',
    auto_merge: null, draft: i.pull!.draft,
  };
}

function repoObj(r: Repo) {
  return {
    id: r.id, node_id: 'MDEwOlJlcG9zaXRvcnkxMjk2MjY5', name: r.name, full_name: `${r.owner}/${r.name}`, owner: userObj(r.owner), private: r.private,
    html_url: `https://github.com/${r.owner}/${r.name}`, description: r.description, fork: false, url: `https://api.github.com/repos/${r.owner}/${r.name}`,
    homepage: 'https://github.com', language: r.description ? 'TypeScript' : null, forks_count: 9, stargazers_count: 80, watchers_count: 80, size: 108,
    default_branch: 'master', open_issues_count: r.issues.filter((i) => i.state === 'open').length, is_template: false,
    topics: r.description ? ['octocat', 'atom', 'electron', 'api'] : [], has_issues: r.has_issues, has_projects: true, has_wiki: true,
    has_pages: false, has_downloads: true, archived: false, disabled: false, visibility: r.private ? 'private' : 'public',
    pushed_at: '2011-01-26T19:06:43Z', created_at: '2011-01-26T19:01:12Z', updated_at: '2011-01-26T19:14:43Z',
    permissions: { admin: false, push: false, pull: true }, license: { key: 'mit', name: 'MIT License', spdx_id: 'MIT' },
    forks: 9, open_issues: r.issues.filter((i) => i.state === 'open').length, watchers: 80,
  };
}

export async function startGitHubFake(): Promise<GitHubFake> {
  const requests: RecordedGitHubRequest[] = [];
  const repos = seed();
  let port = 0;

  /** GitHub's Link header: absolute URLs with the same query and another page. */
  function link(repo: Repo, kind: string, query: Record<string, string>, page: number, last: number): string | undefined {
    const at = (p: number) => `<http://127.0.0.1:${port}/repositories/${repo.id}/${kind}?${new URLSearchParams({ ...query, page: String(p) })}>`;
    const parts = [];
    if (page > 1) parts.push(`${at(page - 1)}; rel="prev"`, `${at(1)}; rel="first"`);
    if (page < last) parts.push(`${at(page + 1)}; rel="next"`, `${at(last)}; rel="last"`);
    return parts.length ? parts.join(', ') : undefined;
  }

  function page<T>(items: T[], query: Record<string, string>) {
    const perPage = Math.min(Number(query.per_page ?? 30), 100);
    const n = Number(query.page ?? 1);
    return { items: items.slice((n - 1) * perPage, n * perPage), n, last: Math.max(1, Math.ceil(items.length / perPage)) };
  }

  type Answer = { status: number; body: unknown; headers?: Record<string, string> };
  const error = (status: number, message: string, extra: object = {}): Answer => ({ status, body: { message, ...extra, documentation_url: DOCS, status: String(status) } });

  function route(method: string, path: string, query: Record<string, string>, body: any): Answer {
    const m = path.match(/^\/repos\/([^/]+)\/([^/]+)(\/.*)?$/);
    const repo = m ? repos.get(`${decodeURIComponent(m[1]!)}/${decodeURIComponent(m[2]!)}`.toLowerCase()) : undefined;
    if (!m || !repo) return error(404, 'Not Found');
    const rest = m[3] ?? '';
    if (rest === '' && method === 'GET') return { status: 200, body: repoObj(repo) };
    if (rest.startsWith('/issues') && !repo.has_issues) return error(410, 'Issues are disabled for this repo');

    if (rest === '/issues' && method === 'GET') {
      const state = query.state ?? 'open';
      const labels = query.labels ? query.labels.split(',') : [];
      let list = repo.issues.filter((i) => state === 'all' || i.state === state)
        .filter((i) => labels.every((l) => i.labels.includes(l)))
        .filter((i) => !query.assignee || (query.assignee === 'none' ? i.assignees.length === 0 : query.assignee === '*' ? i.assignees.length > 0 : i.assignees.includes(query.assignee)))
        .filter((i) => !query.since || i.updated_at >= query.since);
      const key = query.sort === 'updated' ? 'updated_at' : query.sort === 'comments' ? 'comments' : 'created_at';
      list = [...list].sort((a, b) => (a[key] < b[key] ? 1 : a[key] > b[key] ? -1 : 0));
      if (query.direction === 'asc') list.reverse();
      const p = page(list, query);
      const l = link(repo, 'issues', query, p.n, p.last);
      return { status: 200, body: p.items.map((i) => issueObj(repo, i)), headers: l ? { link: l } : {} };
    }
    if (rest === '/issues' && method === 'POST') {
      if (typeof body?.title !== 'string' || !body.title) return error(422, 'Validation Failed', { errors: [{ resource: 'Issue', field: 'title', code: 'missing_field' }] });
      const bad = (body.assignees ?? []).find((a: string) => !repo.collaborators.includes(a));
      if (bad) return error(422, 'Validation Failed', { errors: [{ value: bad, resource: 'Issue', field: 'assignees', code: 'invalid' }] });
      const now = '2024-06-01T12:00:00Z';
      const i: Issue = { number: repo.issues.length + 1, title: body.title, body: body.body ?? null, state: 'open', state_reason: null, author: 'octocat',
        labels: body.labels ?? [], assignees: body.assignees ?? [], comments: 0, created_at: now, updated_at: now, closed_at: null };
      repo.issues.push(i);
      return { status: 201, body: issueObj(repo, i), headers: { location: `https://api.github.com/repos/${repo.owner}/${repo.name}/issues/${i.number}` } };
    }
    const one = rest.match(/^\/issues\/(\d+)(\/comments)?$/);
    if (one) {
      const i = repo.issues.find((x) => x.number === Number(one[1]));
      if (!i) return error(404, 'Not Found');
      if (!one[2] && method === 'GET') return { status: 200, body: issueObj(repo, i) };
      if (!one[2] && method === 'PATCH') {
        const bad = (body.assignees ?? []).find((a: string) => !repo.collaborators.includes(a));
        if (bad) return error(422, 'Validation Failed', { errors: [{ value: bad, resource: 'Issue', field: 'assignees', code: 'invalid' }] });
        for (const k of ['title', 'body', 'labels', 'assignees'] as const) if (body[k] !== undefined) (i as any)[k] = body[k];
        if (body.state === 'closed' && i.state === 'open') Object.assign(i, { state: 'closed', closed_at: '2024-06-02T12:00:00Z', state_reason: body.state_reason ?? 'completed' });
        if (body.state === 'open' && i.state === 'closed') Object.assign(i, { state: 'open', closed_at: null, state_reason: 'reopened' });
        i.updated_at = '2024-06-02T12:00:00Z';
        return { status: 200, body: issueObj(repo, i) };
      }
      if (one[2] && method === 'POST') {
        if (typeof body?.body !== 'string' || !body.body) return error(422, 'Validation Failed', { errors: [{ resource: 'IssueComment', field: 'body', code: 'missing_field' }] });
        i.comments++;
        const id = 1146825 + i.comments;
        return {
          status: 201,
          body: {
            id, node_id: 'MDEyOklzc3VlQ29tbWVudDE=', url: `https://api.github.com/repos/${repo.owner}/${repo.name}/issues/comments/${id}`,
            html_url: `https://github.com/${repo.owner}/${repo.name}/issues/${i.number}#issuecomment-${id}`, body: body.body, user: userObj('octocat'),
            created_at: '2024-06-01T12:30:00Z', updated_at: '2024-06-01T12:30:00Z', issue_url: `https://api.github.com/repos/${repo.owner}/${repo.name}/issues/${i.number}`,
            author_association: 'COLLABORATOR',
          },
        };
      }
    }
    if (rest === '/pulls' && method === 'GET') {
      const state = query.state ?? 'open';
      const list = repo.issues.filter((i) => i.pull && (state === 'all' || i.state === state))
        .filter((i) => !query.base || i.pull!.base === query.base)
        .filter((i) => !query.head || `${repo.owner}:${i.pull!.head}` === query.head)
        .sort((a, b) => (a.created_at < b.created_at ? 1 : -1));
      const p = page(list, query);
      const l = link(repo, 'pulls', query, p.n, p.last);
      return { status: 200, body: p.items.map((i) => pullObj(repo, i)), headers: l ? { link: l } : {} };
    }
    return error(404, 'Not Found');
  }

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const url = new URL(req.url ?? '/', 'http://fake');
    const body = raw ? JSON.parse(raw) : undefined;
    const query = Object.fromEntries(url.searchParams);
    requests.push({ method: req.method ?? '', path: url.pathname, query, headers: req.headers, body });

    const answer = req.headers.authorization?.startsWith('Bearer ')
      ? route(req.method ?? 'GET', url.pathname, query, body ?? {})
      : error(401, 'Requires authentication');
    const payload = JSON.stringify(answer.body);
    res.writeHead(answer.status, { 'content-type': 'application/json; charset=utf-8', 'x-github-media-type': 'github.v3; format=json', ...answer.headers });
    res.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    last: () => requests[requests.length - 1]!,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
