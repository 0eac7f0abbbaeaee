import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback Jira Cloud behind the api.atlassian.com gateway, for connector tests: the OAuth
 * app's accessible resources, and a site's REST API v3 under /ex/jira/{cloudId}/rest/api/3 with
 * the shapes of Atlassian's reference examples (ADF rich text, `{errorMessages, errors}`
 * refusals, the enhanced JQL search's nextPageToken, GET /myself, POST /project answering
 * `{self, id, key}`). Every request is recorded exactly.
 */
export interface RecordedJiraRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body; undefined when there was none. */
  body: unknown;
}

export interface JiraSiteRecord { id: string; url: string; name: string; scopes: string[]; avatarUrl: string }

export interface JiraFake {
  /** Base URL like the catalog's proxy_url (`https://api.atlassian.com`). */
  url: string;
  cloudId: string;
  /** What /oauth/token/accessible-resources answers; tests may add sites. */
  sites: JiraSiteRecord[];
  requests: RecordedJiraRequest[];
  last(): RecordedJiraRequest;
  close(): Promise<void>;
}

type Adf = { type: string; version?: number; content?: unknown[] };
interface Issue {
  id: string; key: string; projectKey: string; summary: string; type: string; status: string; priority: string | null;
  assignee: string | null; reporter: string; labels: string[]; description: Adf | null; created: string; updated: string;
  parent: string | null; comments: Array<{ id: string; author: string; body: Adf; created: string }>;
}

export const JIRA_CLOUD_ID = '11223344-a1b2-3b33-c444-def123456789';
const SITE_URL = 'https://acme.atlassian.net';

const para = (text: string): Adf => ({ type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] });
const user = (name: string) => ({
  self: `${SITE_URL}/rest/api/3/user?accountId=5b10a2844c20165700ede21g`, accountId: '5b10a2844c20165700ede21g',
  displayName: name, active: true, timeZone: 'Australia/Sydney', accountType: 'atlassian',
});
const STATUSES: Record<string, { id: string; category: { id: number; key: string; name: string; colorName: string } }> = {
  'To Do': { id: '10000', category: { id: 2, key: 'new', name: 'To Do', colorName: 'blue-gray' } },
  'In Progress': { id: '3', category: { id: 4, key: 'indeterminate', name: 'In Progress', colorName: 'yellow' } },
  Done: { id: '10001', category: { id: 3, key: 'done', name: 'Done', colorName: 'green' } },
};
const TRANSITIONS = [
  { id: '11', name: 'To Do', to: 'To Do' },
  { id: '21', name: 'Start Progress', to: 'In Progress' },
  { id: '31', name: 'Done', to: 'Done' },
];
const PROJECTS = [
  { id: '10000', key: 'PROJ', name: 'Platform', projectTypeKey: 'software', style: 'next-gen' },
  { id: '10001', key: 'OPS', name: 'Operations', projectTypeKey: 'business', style: 'classic' },
  { id: '10002', key: 'WEB', name: 'Website', projectTypeKey: 'software', style: 'classic' },
];
const ISSUE_TYPES = ['Task', 'Bug', 'Story', 'Epic', 'Subtask'];
const PROJECT_TYPES = ['software', 'business', 'service_desk'];
/** The user the fake's token belongs to (GET /myself), the lead of projects it creates. */
const MYSELF = { ...user('Mia Krystof'), emailAddress: 'mia@example.com', locale: 'en_US', avatarUrls: { '48x48': 'https://avatar-management.services.atlassian.net/default/48' } };

function seedIssues(): Issue[] {
  const base = { reporter: 'Mia Krystof', parent: null, created: '2026-11-20T09:15:00.000+0000' };
  return [
    { ...base, id: '10042', key: 'PROJ-42', projectKey: 'PROJ', summary: 'Login page times out behind the corporate proxy', type: 'Bug', status: 'In Progress',
      priority: 'High', assignee: 'Ana Lima', labels: ['auth', 'customer'], updated: '2026-11-30T16:02:11.000+0000',
      description: { type: 'doc', version: 1, content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Users behind ' }, { type: 'text', text: 'Zscaler', marks: [{ type: 'strong' }] }, { type: 'text', text: ' see a spinner.' }] },
        { type: 'bulletList', content: [
          { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Chrome 131' }] }] },
          { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Firefox 133' }] }] },
        ] },
        { type: 'paragraph', content: [{ type: 'text', text: 'See ' }, { type: 'inlineCard', attrs: { url: 'https://status.example.com/incidents/7' } }] },
      ] },
      comments: [
        { id: '10100', author: 'Mia Krystof', body: para('Reproduced on staging.'), created: '2026-11-21T10:00:00.000+0000' },
        { id: '10101', author: 'Ana Lima', body: para('Fix in review.'), created: '2026-11-30T16:02:11.000+0000' },
      ] },
    { ...base, id: '10043', key: 'PROJ-43', projectKey: 'PROJ', summary: 'Rotate the signing keys', type: 'Task', status: 'To Do',
      priority: 'Medium', assignee: null, labels: [], description: null, updated: '2026-11-29T08:00:00.000+0000', comments: [] },
    { ...base, id: '10044', key: 'PROJ-44', projectKey: 'PROJ', summary: 'Write the on-call runbook', type: 'Task', status: 'Done',
      priority: null, assignee: 'Mia Krystof', labels: ['docs'], description: para('One page per alert.'), updated: '2026-11-28T08:00:00.000+0000', comments: [] },
    { ...base, id: '10045', key: 'OPS-7', projectKey: 'OPS', summary: 'Renew the TLS certificate', type: 'Task', status: 'To Do',
      priority: 'Highest', assignee: 'Ana Lima', labels: [], description: null, updated: '2026-11-27T08:00:00.000+0000', comments: [] },
  ];
}

function issueJson(cloudId: string, i: Issue, fields: string[] | null) {
  const st = STATUSES[i.status];
  const all: Record<string, unknown> = {
    summary: i.summary,
    status: { self: `${SITE_URL}/rest/api/3/status/${st.id}`, name: i.status, id: st.id, statusCategory: st.category },
    issuetype: { id: String(10001 + ISSUE_TYPES.indexOf(i.type)), name: i.type, subtask: i.type === 'Subtask', hierarchyLevel: 0 },
    priority: i.priority ? { name: i.priority, id: '3', iconUrl: `${SITE_URL}/images/icons/priorities/medium.svg` } : null,
    assignee: i.assignee ? user(i.assignee) : null,
    reporter: user(i.reporter),
    labels: i.labels,
    description: i.description,
    created: i.created,
    updated: i.updated,
    project: { id: PROJECTS.find((p) => p.key === i.projectKey)?.id, key: i.projectKey, name: PROJECTS.find((p) => p.key === i.projectKey)?.name },
    parent: i.parent ? { key: i.parent } : null,
    comment: { comments: i.comments.map((c) => commentJson(cloudId, i, c)), maxResults: i.comments.length, total: i.comments.length, startAt: 0 },
    customfield_10020: null,
    timetracking: {},
  };
  const picked = fields ? Object.fromEntries(Object.entries(all).filter(([k]) => fields.includes(k))) : all;
  return { expand: 'renderedFields,names,schema,operations,editmeta,changelog', id: i.id, self: `https://api.atlassian.com/ex/jira/${cloudId}/rest/api/3/issue/${i.id}`, key: i.key, fields: picked };
}

function commentJson(cloudId: string, i: Issue, c: Issue['comments'][number]) {
  return { self: `https://api.atlassian.com/ex/jira/${cloudId}/rest/api/3/issue/${i.id}/comment/${c.id}`, id: c.id, author: user(c.author), body: c.body,
    updateAuthor: user(c.author), created: c.created, updated: c.created, jsdPublic: true };
}

const send = (res: http.ServerResponse, status: number, body?: unknown) => {
  if (body === undefined) { res.writeHead(status); res.end(); return; }
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};
const refuse = (res: http.ServerResponse, status: number, errorMessages: string[], errors: Record<string, string> = {}) => send(res, status, { errorMessages, errors });
const NO_ISSUE = 'Issue does not exist or you do not have permission to see it.';
const isAdf = (v: unknown): v is Adf => !!v && typeof v === 'object' && (v as Adf).type === 'doc' && (v as Adf).version === 1 && Array.isArray((v as Adf).content);

export async function startJiraFake(): Promise<JiraFake> {
  const requests: RecordedJiraRequest[] = [];
  const issues = seedIssues();
  const projects = PROJECTS.map((p) => ({ ...p }));
  let nextId = 10046;
  let nextProjectId = 10010;
  const sites: JiraSiteRecord[] = [
    { id: JIRA_CLOUD_ID, url: SITE_URL, name: 'acme', scopes: ['read:jira-work', 'write:jira-work', 'read:jira-user'], avatarUrl: 'https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/rocket.png' },
    // The same cloud id again for Confluence, as Atlassian lists one entry per product.
    { id: JIRA_CLOUD_ID, url: SITE_URL, name: 'acme', scopes: ['read:confluence-content.all'], avatarUrl: 'https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/rocket.png' },
  ];

  const api = (cloudId: string, method: string, path: string, q: Record<string, string>, body: any, res: http.ServerResponse) => {
    const find = (key: string) => issues.find((i) => i.key === key.toUpperCase() || i.id === key);
    if (method === 'GET' && path === '/project/search') {
      const startAt = Number(q.startAt ?? 0);
      const maxResults = Math.min(Number(q.maxResults ?? 50), 50);
      const all = projects.filter((p) => !q.query || `${p.key} ${p.name}`.toLowerCase().includes(q.query.toLowerCase()));
      const values = all.slice(startAt, startAt + maxResults).map((p) => ({
        expand: 'description,lead,issueTypes,url,projectKeys,permissions,insight', self: `${SITE_URL}/rest/api/3/project/${p.id}`, ...p,
        avatarUrls: { '48x48': `${SITE_URL}/secure/projectavatar?size=large&pid=${p.id}` }, simplified: p.style === 'next-gen', isPrivate: false, properties: {},
      }));
      return send(res, 200, { self: `${SITE_URL}/rest/api/3/project/search`, maxResults, startAt, total: all.length, isLast: startAt + maxResults >= all.length, values });
    }
    if (method === 'GET' && path === '/myself') return send(res, 200, MYSELF);
    if (method === 'POST' && path === '/project') {
      // Jira's CreateProjectDetails: key, name, projectTypeKey and a lead are required; 201 answers ProjectIdentifiers.
      const errors: Record<string, string> = {};
      if (!/^[A-Z][A-Z0-9]{1,9}$/.test(String(body?.key ?? ''))) errors.projectKey = 'Project keys must start with an uppercase letter, followed by one or more uppercase alphanumeric characters.';
      else if (projects.some((p) => p.key === body.key)) errors.projectKey = `Project '${projects.find((p) => p.key === body.key)!.name}' uses this project key.`;
      if (!body?.name) errors.projectName = 'You must specify a valid project name.';
      if (!PROJECT_TYPES.includes(body?.projectTypeKey)) errors.projectType = 'A valid project type is required.';
      if (body?.leadAccountId !== MYSELF.accountId) errors.projectLead = 'You must specify a valid project lead.';
      if (Object.keys(errors).length) return refuse(res, 400, [], errors);
      const id = nextProjectId++;
      projects.push({ id: String(id), key: body.key, name: body.name, projectTypeKey: body.projectTypeKey, style: 'classic' });
      return send(res, 201, { self: `https://api.atlassian.com/ex/jira/${cloudId}/rest/api/3/project/${id}`, id, key: body.key });
    }
    if (method === 'POST' && path === '/search/jql') {
      const jql = String(body?.jql ?? '');
      const where = jql.split(/\border\s+by\b/i)[0].trim();
      if (!where) return refuse(res, 400, ['Unbounded JQL queries are not allowed here. Please add a search restriction to your query.']);
      const project = /project\s*=\s*"?([A-Za-z0-9_]+)"?/i.exec(where)?.[1];
      const notDone = /status\s*!=\s*"?done"?/i.test(where);
      if (project && !projects.some((p) => p.key === project.toUpperCase())) {
        return refuse(res, 400, [`The value '${project}' does not exist for the field 'project'.`]);
      }
      const matched = issues.filter((i) => (!project || i.projectKey === project.toUpperCase()) && (!notDone || i.status !== 'Done'));
      const start = body?.nextPageToken ? Number(Buffer.from(String(body.nextPageToken), 'base64url').toString().split(':')[1]) : 0;
      const max = Math.min(Number(body?.maxResults ?? 50), 5000);
      const page = matched.slice(start, start + max);
      const more = start + max < matched.length;
      const fields: string[] | null = Array.isArray(body?.fields) ? body.fields : ['id'];
      return send(res, 200, {
        issues: page.map((i) => issueJson(cloudId, i, fields)),
        ...(more ? { nextPageToken: Buffer.from(`offset:${start + max}`).toString('base64url') } : {}),
        isLast: !more,
      });
    }
    if (method === 'POST' && path === '/issue') {
      const f = body?.fields ?? {};
      const errors: Record<string, string> = {};
      const project = projects.find((p) => p.key === f.project?.key || p.id === f.project?.id);
      if (!project) errors.project = 'valid project is required';
      if (!f.summary) errors.summary = 'You must specify a summary of the issue.';
      if (!ISSUE_TYPES.includes(f.issuetype?.name)) errors.issuetype = 'Specify an issue type';
      if (f.description !== undefined && !isAdf(f.description)) errors.description = 'Operation value must be an Atlassian Document (see the Atlassian Document Format)';
      if (Object.keys(errors).length) return refuse(res, 400, [], errors);
      const n = issues.filter((i) => i.projectKey === project!.key).length + 100;
      const issue: Issue = {
        id: String(nextId++), key: `${project!.key}-${n}`, projectKey: project!.key, summary: f.summary, type: f.issuetype.name, status: 'To Do',
        priority: f.priority?.name ?? 'Medium', assignee: f.assignee?.accountId ? 'Ana Lima' : null, reporter: 'Mia Krystof', labels: f.labels ?? [],
        description: f.description ?? null, created: '2026-12-01T12:00:00.000+0000', updated: '2026-12-01T12:00:00.000+0000', parent: f.parent?.key ?? null, comments: [],
      };
      issues.push(issue);
      return send(res, 201, { id: issue.id, key: issue.key, self: `https://api.atlassian.com/ex/jira/${cloudId}/rest/api/3/issue/${issue.id}` });
    }
    const m = /^\/issue\/([^/]+)(\/comment|\/transitions)?$/.exec(path);
    if (!m) return refuse(res, 404, ['No resource found at this path']);
    const issue = find(decodeURIComponent(m[1]));
    if (!issue) return refuse(res, 404, [NO_ISSUE]);
    if (method === 'GET' && !m[2]) return send(res, 200, issueJson(cloudId, issue, q.fields ? q.fields.split(',') : null));
    if (method === 'POST' && m[2] === '/comment') {
      if (!isAdf(body?.body)) return refuse(res, 400, [], { comment: 'Comment body is not valid!' });
      const c = { id: String(10200 + issue.comments.length), author: 'Mia Krystof', body: body.body, created: '2026-12-01T12:05:00.000+0000' };
      issue.comments.push(c);
      return send(res, 201, commentJson(cloudId, issue, c));
    }
    if (method === 'GET' && m[2] === '/transitions') {
      return send(res, 200, {
        expand: 'transitions',
        transitions: TRANSITIONS.filter((t) => t.to !== issue.status).map((t) => ({
          id: t.id, name: t.name, hasScreen: false, isGlobal: true, isInitial: false, isAvailable: true, isConditional: false, isLooped: false,
          to: { self: `${SITE_URL}/rest/api/3/status/${STATUSES[t.to].id}`, name: t.to, id: STATUSES[t.to].id, statusCategory: STATUSES[t.to].category },
        })),
      });
    }
    if (method === 'POST' && m[2] === '/transitions') {
      const t = TRANSITIONS.find((x) => x.id === body?.transition?.id && x.to !== issue.status);
      if (!t) return refuse(res, 400, [`Transition id '${body?.transition?.id}' is not valid for this issue.`]);
      issue.status = t.to;
      return send(res, 204);
    }
    return refuse(res, 405, ['Method not allowed']);
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const url = new URL(req.url ?? '/', 'http://fake');
    const rec: RecordedJiraRequest = {
      method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers,
      body: raw ? JSON.parse(raw) : undefined,
    };
    requests.push(rec);
    if (!/^Bearer \S+$/.test(req.headers.authorization ?? '')) return send(res, 401, { code: 401, message: 'Unauthorized' });
    if (rec.method === 'GET' && rec.path === '/oauth/token/accessible-resources') return send(res, 200, sites);
    const site = /^\/ex\/jira\/([^/]+)\/rest\/api\/3(\/.*)$/.exec(rec.path);
    if (!site) return send(res, 404, { code: 404, message: 'Not Found' });
    if (!sites.some((s) => s.id === site[1])) return send(res, 404, { errorMessages: ['Site temporarily unavailable'], errors: {} });
    api(site[1], rec.method, site[2], rec.query, rec.body, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    cloudId: JIRA_CLOUD_ID,
    sites,
    requests,
    last: () => requests[requests.length - 1],
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
