import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback Asana REST API 1.0 (https://app.asana.com/api/1.0/...) for connector tests: payloads
 * wrapped in `{"data": …}`, `opt_fields` projections, offset paging with `next_page`, and
 * `{"errors": [{"message", "help"}]}` refusals, as in Asana's reference examples. Every request
 * is recorded exactly.
 */
export interface RecordedAsanaRequest {
  method: string;
  /** Path as received, e.g. `/api/1.0/tasks`. */
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: unknown;
}

export interface AsanaFake {
  /** Base URL like the catalog's proxy_url: `http://127.0.0.1:<port>/api`. */
  url: string;
  requests: RecordedAsanaRequest[];
  last(): RecordedAsanaRequest;
  close(): Promise<void>;
}

interface Task {
  gid: string; name: string; notes: string; completed: boolean; completed_at: string | null; due_on: string | null;
  assignee: string | null; projects: string[]; workspace: string; created_at: string; modified_at: string;
}

const ME = { gid: '1201234567890123', name: 'Greg Sanchez', email: 'gsanchez@example.com' };
const USERS = [ME, { gid: '1201234567890456', name: 'Priya Patel', email: 'ppatel@example.com' }];
const WORKSPACES = [
  { gid: '1200000000000001', name: 'Acme Corp', is_organization: true, email_domains: ['example.com'] },
  { gid: '1200000000000002', name: 'Personal Projects', is_organization: false, email_domains: [] },
];
const PROJECTS = [
  { gid: '1202000000000001', name: 'Q1 Launch', archived: false, workspace: WORKSPACES[0].gid, color: 'light-green' },
  { gid: '1202000000000002', name: 'Website refresh', archived: false, workspace: WORKSPACES[0].gid, color: 'dark-blue' },
  { gid: '1202000000000003', name: '2025 Offsite', archived: true, workspace: WORKSPACES[0].gid, color: 'none' },
  { gid: '1202000000000004', name: 'Garden', archived: false, workspace: WORKSPACES[1].gid, color: 'none' },
];
const HELP = 'For more information on API status codes and how to handle them, read the docs on errors: https://developers.asana.com/docs/errors';

function seedTasks(): Task[] {
  const t = (gid: string, name: string, extra: Partial<Task>): Task => ({
    gid, name, notes: '', completed: false, completed_at: null, due_on: null, assignee: null, projects: [PROJECTS[0].gid], workspace: WORKSPACES[0].gid,
    created_at: '2026-11-02T09:12:45.123Z', modified_at: '2026-11-28T14:30:00.000Z', ...extra,
  });
  return [
    t('1203000000000001', 'Draft launch announcement', { notes: 'Blog post + email. Legal review by the 12th.', due_on: '2026-12-10', assignee: ME.gid }),
    t('1203000000000002', 'Book venue for launch party', { assignee: USERS[1].gid, due_on: '2026-12-05' }),
    t('1203000000000003', 'Pick launch date', { completed: true, completed_at: '2026-11-20T10:00:00.000Z', assignee: ME.gid }),
    t('1203000000000004', 'Update pricing page', { projects: [PROJECTS[1].gid], assignee: ME.gid }),
  ];
}

const send = (res: http.ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};
const refuse = (res: http.ServerResponse, status: number, message: string) => send(res, status, { errors: [{ message, help: HELP }] });

/** Asana answers gid plus the opt_fields asked for (`assignee.name` → `assignee: {gid, name}`), or the full record. */
function project(full: Record<string, unknown>, optFields: string | undefined): Record<string, unknown> {
  if (!optFields) return full;
  const out: Record<string, unknown> = { gid: full.gid };
  for (const f of optFields.split(',')) {
    const [head, sub] = f.split('.');
    const v = full[head];
    if (!sub) out[head] = v;
    else if (Array.isArray(v)) out[head] = v.map((x: Record<string, unknown>) => ({ gid: x.gid, [sub]: x[sub] }));
    else out[head] = v && typeof v === 'object' ? { gid: (v as Record<string, unknown>).gid, [sub]: (v as Record<string, unknown>)[sub] } : v;
  }
  return out;
}

const userRef = (gid: string | null) => {
  const u = USERS.find((x) => x.gid === gid);
  return u ? { gid: u.gid, resource_type: 'user', name: u.name } : null;
};

function taskJson(t: Task) {
  return {
    gid: t.gid, resource_type: 'task', resource_subtype: 'default_task', name: t.name, notes: t.notes, html_notes: `<body>${t.notes}</body>`,
    completed: t.completed, completed_at: t.completed_at, due_on: t.due_on, due_at: null, start_on: null, assignee: userRef(t.assignee),
    assignee_status: 'upcoming', projects: t.projects.map((p) => ({ gid: p, resource_type: 'project', name: PROJECTS.find((x) => x.gid === p)?.name })),
    workspace: { gid: t.workspace, resource_type: 'workspace', name: WORKSPACES.find((w) => w.gid === t.workspace)?.name },
    memberships: [], tags: [], followers: [userRef(ME.gid)], num_hearts: 0, liked: false, likes: [],
    created_at: t.created_at, modified_at: t.modified_at, permalink_url: `https://app.asana.com/0/${t.projects[0] ?? 0}/${t.gid}`,
  };
}

/** Resolves `me`, an email or a gid to a user gid; undefined when unknown. */
const resolveUser = (v: string) => (v === 'me' ? ME.gid : USERS.find((u) => u.gid === v || u.email === v)?.gid);

function page(res: http.ServerResponse, path: string, q: Record<string, string>, items: Record<string, unknown>[], compact: (x: Record<string, unknown>) => Record<string, unknown>) {
  const limit = Number(q.limit ?? 100);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) return refuse(res, 400, 'limit: Must be between 1 and 100');
  const start = q.offset ? Number(Buffer.from(q.offset, 'base64url').toString().split(':')[1]) : 0;
  const slice = items.slice(start, start + limit);
  let next_page = null;
  if (start + limit < items.length) {
    const offset = Buffer.from(`offset:${start + limit}`).toString('base64url');
    const qs = new URLSearchParams({ ...q, offset }).toString();
    next_page = { offset, path: `${path}?${qs}`, uri: `https://app.asana.com/api/1.0${path}?${qs}` };
  }
  send(res, 200, { data: slice.map((x) => (q.opt_fields ? project(x, q.opt_fields) : compact(x))), next_page });
}

export async function startAsanaFake(): Promise<AsanaFake> {
  const requests: RecordedAsanaRequest[] = [];
  const tasks = seedTasks();
  let nextTask = 1203000000000100;
  let nextStory = 1204000000000001;

  const route = (method: string, path: string, q: Record<string, string>, body: any, res: http.ServerResponse) => {
    const compact = (x: Record<string, unknown>) => ({ gid: x.gid, resource_type: x.resource_type, name: x.name });
    if (method === 'GET' && path === '/workspaces') {
      return page(res, path, q, WORKSPACES.map((w) => ({ ...w, resource_type: 'workspace' })), compact);
    }
    if (method === 'GET' && path === '/projects') {
      if (q.workspace && !WORKSPACES.some((w) => w.gid === q.workspace)) return refuse(res, 400, `workspace: Not a recognized ID: ${q.workspace}`);
      const items = PROJECTS.filter((p) => (!q.workspace || p.workspace === q.workspace) && (q.archived === undefined || String(p.archived) === q.archived))
        .map((p) => ({ ...p, resource_type: 'project', workspace: { gid: p.workspace, resource_type: 'workspace' }, permalink_url: `https://app.asana.com/0/${p.gid}/list` }));
      return page(res, path, q, items, compact);
    }
    if (method === 'GET' && path === '/tasks') {
      const byProject = q.project !== undefined && q.assignee === undefined && q.workspace === undefined;
      const byAssignee = q.project === undefined && q.assignee !== undefined && q.workspace !== undefined;
      if (!byProject && !byAssignee) {
        return refuse(res, 400, 'Must specify exactly one of project, tag, section, user task list, or assignee + workspace');
      }
      if (byProject && !PROJECTS.some((p) => p.gid === q.project)) return refuse(res, 404, `project: Unknown object: ${q.project}`);
      const who = byAssignee ? resolveUser(q.assignee) : undefined;
      if (byAssignee && !who) return refuse(res, 400, `assignee: Not a recognized ID: ${q.assignee}`);
      const items = tasks
        .filter((t) => (byProject ? t.projects.includes(q.project) : t.assignee === who && t.workspace === q.workspace))
        .filter((t) => q.completed_since !== 'now' || !t.completed)
        .map(taskJson);
      return page(res, path, q, items, (x) => ({ ...compact(x), resource_subtype: x.resource_subtype }));
    }
    if (method === 'POST' && path === '/tasks') {
      const d = body?.data;
      if (!d || typeof d !== 'object') return refuse(res, 400, 'data: Missing input');
      const projects: string[] = d.projects ?? [];
      const unknown = projects.find((p) => !PROJECTS.some((x) => x.gid === p));
      if (unknown) return refuse(res, 400, `projects: Not a recognized ID: ${unknown}`);
      const workspace = d.workspace ?? PROJECTS.find((p) => p.gid === projects[0])?.workspace;
      if (!workspace) return refuse(res, 400, 'You should specify one of workspace, parent, projects');
      if (!WORKSPACES.some((w) => w.gid === workspace)) return refuse(res, 400, `workspace: Not a recognized ID: ${workspace}`);
      if (d.due_on !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(d.due_on)) return refuse(res, 400, 'due_on: Invalid date format');
      const assignee = d.assignee === undefined || d.assignee === null ? null : resolveUser(d.assignee);
      if (assignee === undefined) return refuse(res, 400, `assignee: Not a recognized ID: ${d.assignee}`);
      const t: Task = {
        gid: String(nextTask++), name: d.name ?? '', notes: d.notes ?? '', completed: false, completed_at: null, due_on: d.due_on ?? null,
        assignee, projects, workspace, created_at: '2026-12-01T12:00:00.000Z', modified_at: '2026-12-01T12:00:00.000Z',
      };
      tasks.push(t);
      return send(res, 201, { data: project(taskJson(t), q.opt_fields) });
    }
    const m = /^\/tasks\/([^/]+)(\/stories)?$/.exec(path);
    if (!m) return refuse(res, 404, 'Not Found');
    if (!/^\d+$/.test(m[1])) return refuse(res, 400, `task: Not a valid gid: ${m[1]}`);
    const task = tasks.find((t) => t.gid === m[1]);
    if (!task) return refuse(res, 404, `task: Unknown object: ${m[1]}`);
    if (method === 'GET' && !m[2]) return send(res, 200, { data: project(taskJson(task), q.opt_fields) });
    if (method === 'PUT' && !m[2]) {
      const d = body?.data ?? {};
      if (d.assignee !== undefined) {
        const who = d.assignee === null ? null : resolveUser(d.assignee);
        if (who === undefined) return refuse(res, 400, `assignee: Not a recognized ID: ${d.assignee}`);
        task.assignee = who;
      }
      if (d.name !== undefined) task.name = d.name;
      if (d.notes !== undefined) task.notes = d.notes;
      if (d.due_on !== undefined) task.due_on = d.due_on;
      if (d.completed !== undefined) {
        task.completed = d.completed;
        task.completed_at = d.completed ? '2026-12-01T12:10:00.000Z' : null;
      }
      task.modified_at = '2026-12-01T12:10:00.000Z';
      return send(res, 200, { data: project(taskJson(task), q.opt_fields) });
    }
    if (method === 'POST' && m[2]) {
      const text = body?.data?.text;
      if (typeof text !== 'string' || !text) return refuse(res, 400, 'text: Missing input');
      const story = {
        gid: String(nextStory++), resource_type: 'story', created_at: '2026-12-01T12:15:00.000Z', created_by: userRef(ME.gid), resource_subtype: 'comment_added',
        text, html_text: `<body>${text}</body>`, is_pinned: false, is_edited: false, type: 'comment', target: { gid: task.gid, resource_type: 'task', name: task.name },
      };
      return send(res, 201, { data: project(story, q.opt_fields) });
    }
    return refuse(res, 404, 'Not Found');
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const url = new URL(req.url ?? '/', 'http://fake');
    const rec: RecordedAsanaRequest = {
      method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body: raw ? JSON.parse(raw) : undefined,
    };
    requests.push(rec);
    if (!/^Bearer \S+$/.test(req.headers.authorization ?? '')) return refuse(res, 401, 'Not Authorized');
    if (!rec.path.startsWith('/api/1.0/')) return refuse(res, 404, 'Not Found');
    route(rec.method, rec.path.slice('/api/1.0'.length), rec.query, rec.body, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    requests,
    last: () => requests[requests.length - 1],
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
