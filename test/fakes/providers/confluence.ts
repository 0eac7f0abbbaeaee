import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback Confluence Cloud behind the api.atlassian.com gateway, for connector tests: the
 * OAuth app's accessible resources, REST v2 under /ex/confluence/{cloudId}/wiki/api/v2 and the v1
 * CQL search at /wiki/rest/api/search, with the shapes of Atlassian's reference examples (storage
 * format bodies, `_links.next` cursors, v2 `{errors: [...]}` and v1 `{statusCode, message}`
 * refusals). Every request is recorded exactly.
 */
export interface RecordedConfluenceRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON body; undefined when there was none. */
  body: unknown;
}

export interface AtlassianSiteRecord { id: string; url: string; name: string; scopes: string[]; avatarUrl: string }

interface Page {
  id: string; status: string; title: string; spaceId: string; parentId: string | null; authorId: string; createdAt: string;
  version: { number: number; message: string; createdAt: string; authorId: string; minorEdit: boolean };
  storage: string;
}
interface Space { id: string; key: string; name: string; type: 'global' | 'personal'; homepageId: string }

export interface ConfluenceFake {
  /** Base URL like the catalog's proxy_url (`https://api.atlassian.com`). */
  url: string;
  cloudId: string;
  sites: AtlassianSiteRecord[];
  pages: Map<string, Page>;
  comments: Array<{ id: string; pageId: string; storage: string }>;
  requests: RecordedConfluenceRequest[];
  last(): RecordedConfluenceRequest;
  close(): Promise<void>;
}

export const CONFLUENCE_CLOUD_ID = '3f7a1c2e-9b4d-4e8a-a6c1-5d2e8f9b0a17';
const BASE = 'https://acme.atlassian.net/wiki';
const AUTHOR = '557058:f58131cb-b67d-43c7-b30d-6b58d40bd077';

const SPACES: Space[] = [
  { id: '98306', key: 'ENG', name: 'Engineering', type: 'global', homepageId: '65537' },
  { id: '98307', key: 'HR', name: 'People Ops', type: 'global', homepageId: '65600' },
  { id: '98308', key: '~557058f58131cb', name: 'Mia Krystof', type: 'personal', homepageId: '65700' },
];

function seedPages(): Map<string, Page> {
  const v = (number: number, createdAt: string) => ({ number, message: '', createdAt, authorId: AUTHOR, minorEdit: false });
  const page = (id: string, title: string, spaceId: string, parentId: string | null, storage: string, version: number): Page => ({
    id, status: 'current', title, spaceId, parentId, authorId: AUTHOR, createdAt: '2026-10-02T08:30:00.000Z', version: v(version, '2026-11-28T14:05:12.431Z'), storage,
  });
  return new Map([
    ['65537', page('65537', 'Engineering Home', '98306', null, '<p>Welcome to <strong>Engineering</strong>.</p>', 1)],
    ['131073', page('131073', 'On-call runbook', '98306', '65537',
      '<h2>Paging</h2><p>Escalate after 15&nbsp;minutes &amp; page the <ac:link><ri:user ri:account-id="557058:f58131cb" /></ac:link>.</p>'
      + '<ul><li><p>Check <a href="https://status.example.com">the status page</a></p></li><li><p>See <ac:link><ri:page ri:content-title="Incident template" /></ac:link></p></li></ul>'
      + '<ac:structured-macro ac:name="code" ac:schema-version="1"><ac:parameter ac:name="language">bash</ac:parameter><ac:plain-text-body><![CDATA[kubectl get pods -n api]]></ac:plain-text-body></ac:structured-macro>'
      + '<table><tbody><tr><th>Sev</th><th>Response</th></tr><tr><td>1</td><td>5 min</td></tr></tbody></table>', 3)],
    ['131074', page('131074', 'Onboarding checklist', '98307', '65600', '<p>Day one: laptop, badge.</p>', 2)],
  ]);
}

const links = (p: Page) => ({ webui: `/spaces/${SPACES.find((s) => s.id === p.spaceId)?.key}/pages/${p.id}/${encodeURIComponent(p.title).replace(/%20/g, '+')}`, editui: `/pages/resumedraft.action?draftId=${p.id}`, tinyui: `/x/${p.id}`, base: BASE });
function pageJson(p: Page, bodyFormat: string | undefined) {
  return {
    id: p.id, status: p.status, title: p.title, spaceId: p.spaceId, parentId: p.parentId, parentType: p.parentId ? 'page' : null, position: 0,
    authorId: p.authorId, ownerId: p.authorId, lastOwnerId: null, createdAt: p.createdAt, version: p.version,
    body: bodyFormat === 'storage' ? { storage: { representation: 'storage', value: p.storage } } : {},
    _links: links(p),
  };
}

const send = (res: http.ServerResponse, status: number, body: unknown) => {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json;charset=UTF-8', 'content-length': Buffer.byteLength(text) });
  res.end(text);
};
const v2Error = (res: http.ServerResponse, status: number, code: string, title: string, detail: string | null = null) =>
  send(res, status, { errors: [{ status, code, title, detail }] });
const isStorage = (b: any): boolean => b?.representation === 'storage' && typeof b.value === 'string';
const cursorOf = (offset: number) => Buffer.from(`offset:${offset}`).toString('base64url');
const offsetOf = (cursor: string | undefined) => (cursor ? Number(Buffer.from(cursor, 'base64url').toString().split(':')[1]) : 0);

export async function startConfluenceFake(): Promise<ConfluenceFake> {
  const requests: RecordedConfluenceRequest[] = [];
  const pages = seedPages();
  const comments: ConfluenceFake['comments'] = [];
  let nextId = 196609;
  const sites: AtlassianSiteRecord[] = [
    { id: CONFLUENCE_CLOUD_ID, url: 'https://acme.atlassian.net', name: 'acme', scopes: ['read:confluence-content.all', 'write:confluence-content', 'search:confluence'], avatarUrl: 'https://site-admin-avatar-cdn.prod.public.atl-paas.net/avatars/240/rocket.png' },
    // A Jira-only site of another org: Confluence tools must not count it.
    { id: '11223344-a1b2-3b33-c444-def123456789', url: 'https://other.atlassian.net', name: 'other', scopes: ['read:jira-work'], avatarUrl: '' },
  ];

  function search(q: Record<string, string>, res: http.ServerResponse) {
    const cql = q.cql ?? '';
    const text = /text\s*~\s*"([^"]+)"/.exec(cql)?.[1];
    const space = /space\s*=\s*"?(\w+)"?/.exec(cql)?.[1];
    if (!text && !space && !/type\s*=/.test(cql)) {
      return send(res, 400, { statusCode: 400, data: { authorized: false, valid: true, errors: [], successful: false },
        message: `com.atlassian.confluence.api.service.exceptions.BadRequestException: Could not parse cql : ${cql}` });
    }
    const limit = Math.min(Number(q.limit ?? 25), 50);
    const start = offsetOf(q.cursor);
    const matched = [...pages.values()].filter((p) => (!text || `${p.title} ${p.storage}`.toLowerCase().includes(text.toLowerCase()))
      && (!space || SPACES.find((s) => s.id === p.spaceId)?.key === space));
    const slice = matched.slice(start, start + limit);
    const more = start + limit < matched.length;
    send(res, 200, {
      results: slice.map((p) => {
        const sp = SPACES.find((s) => s.id === p.spaceId)!;
        return {
          content: { id: p.id, type: 'page', status: 'current', title: p.title, childTypes: {}, macroRenderedOutput: {}, restrictions: {}, _expandable: { container: '', space: `/rest/api/space/${sp.key}` }, _links: { webui: links(p).webui, self: `${BASE}/rest/api/content/${p.id}`, tinyui: `/x/${p.id}` } },
          title: p.title.replace(text ?? '\u0000', `@@@hl@@@${text}@@@endhl@@@`),
          excerpt: `${p.storage.replace(/<[^>]+>/g, ' ').slice(0, 60)} &amp; more`.replace(text ?? '\u0000', `@@@hl@@@${text}@@@endhl@@@`),
          url: links(p).webui,
          resultGlobalContainer: { title: sp.name, displayUrl: `/spaces/${sp.key}` },
          breadcrumbs: [], entityType: 'content', iconCssClass: 'aui-icon content-type-page',
          lastModified: p.version.createdAt, friendlyLastModified: 'Nov 28, 2026', score: 1.2,
        };
      }),
      start, limit, size: slice.length, totalSize: matched.length, cqlQuery: cql, searchDuration: 42,
      _links: { base: BASE, context: '/wiki', ...(more ? { next: `/rest/api/search?next=true&cursor=${cursorOf(start + limit)}&limit=${limit}&cql=${encodeURIComponent(cql)}` } : {}) },
    });
  }

  function v2(method: string, path: string, q: Record<string, string>, body: any, res: http.ServerResponse) {
    if (method === 'GET' && path === '/spaces') {
      const keys = q.keys?.split(',');
      const all = SPACES.filter((s) => (!q.type || s.type === q.type) && (!keys || keys.includes(s.key)));
      const limit = Math.min(Number(q.limit ?? 25), 250);
      const start = offsetOf(q.cursor);
      const more = start + limit < all.length;
      return send(res, 200, {
        results: all.slice(start, start + limit).map((s) => ({
          id: s.id, key: s.key, name: s.name, type: s.type, status: 'current', authorId: AUTHOR, createdAt: '2026-01-05T09:00:00.000Z',
          homepageId: s.homepageId, description: null, icon: null, _links: { webui: `/spaces/${s.key}` },
        })),
        _links: { base: BASE, ...(more ? { next: `/wiki/api/v2/spaces?cursor=${cursorOf(start + limit)}&limit=${limit}` } : {}) },
      });
    }
    if (method === 'POST' && path === '/pages') {
      if (!SPACES.some((s) => s.id === body?.spaceId)) return v2Error(res, 400, 'INVALID_REQUEST_PARAMETER', 'Provided value {spaceId} for \'spaceId\' is not the correct type. Expected type is Long');
      if (!body?.title) return v2Error(res, 400, 'INVALID_REQUEST_PARAMETER', 'Title is required');
      if (!isStorage(body.body)) return v2Error(res, 400, 'INVALID_REQUEST_PARAMETER', 'Body representation is required');
      if ([...pages.values()].some((p) => p.spaceId === body.spaceId && p.title === body.title)) {
        return v2Error(res, 400, 'INVALID_REQUEST_PARAMETER', 'A page with this title already exists: A page already exists with the same TITLE in this space');
      }
      const id = String(nextId++);
      const now = '2026-12-01T12:00:00.000Z';
      const p: Page = { id, status: body.status ?? 'current', title: body.title, spaceId: body.spaceId, parentId: body.parentId ?? null, authorId: AUTHOR, createdAt: now,
        version: { number: 1, message: '', createdAt: now, authorId: AUTHOR, minorEdit: false }, storage: body.body.value };
      pages.set(id, p);
      return send(res, 200, pageJson(p, 'storage'));
    }
    if (method === 'POST' && path === '/footer-comments') {
      if (!pages.has(String(body?.pageId))) return v2Error(res, 404, 'NOT_FOUND', 'Not Found');
      if (!isStorage(body.body)) return v2Error(res, 400, 'INVALID_REQUEST_PARAMETER', 'Body representation is required');
      const id = String(nextId++);
      comments.push({ id, pageId: body.pageId, storage: body.body.value });
      return send(res, 200, {
        id, status: 'current', title: `Re: ${pages.get(body.pageId)!.title}`, pageId: body.pageId,
        version: { createdAt: '2026-12-01T12:05:00.000Z', message: '', number: 1, minorEdit: false, authorId: AUTHOR },
        body: { storage: { representation: 'storage', value: body.body.value } },
        _links: { webui: `/spaces/ENG/pages/${body.pageId}?focusedCommentId=${id}` },
      });
    }
    const m = /^\/pages\/([^/]+)$/.exec(path);
    if (!m) return v2Error(res, 404, 'NOT_FOUND', 'No API found at this path');
    const page = pages.get(decodeURIComponent(m[1]));
    if (!page) return v2Error(res, 404, 'NOT_FOUND', 'Not Found');
    if (method === 'GET') return send(res, 200, pageJson(page, q['body-format']));
    if (method === 'PUT') {
      if (body?.id !== page.id || !body?.title || !isStorage(body.body) || !body.status) return v2Error(res, 400, 'INVALID_REQUEST_PARAMETER', 'id, status, title, body and version are required');
      if (body.version?.number !== page.version.number + 1) {
        return v2Error(res, 409, 'CONFLICT', `Version must be incremented on update. Current version is: ${page.version.number}`);
      }
      Object.assign(page, { title: body.title, status: body.status, storage: body.body.value,
        version: { number: body.version.number, message: body.version.message ?? '', createdAt: '2026-12-01T12:10:00.000Z', authorId: AUTHOR, minorEdit: false } });
      return send(res, 200, pageJson(page, 'storage'));
    }
    return v2Error(res, 405, 'METHOD_NOT_ALLOWED', 'Method Not Allowed');
  }

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const url = new URL(req.url ?? '/', 'http://fake');
    const rec: RecordedConfluenceRequest = {
      method: req.method ?? '', path: url.pathname, query: Object.fromEntries(url.searchParams), headers: req.headers, body: raw ? JSON.parse(raw) : undefined,
    };
    requests.push(rec);
    if (!/^Bearer \S+$/.test(req.headers.authorization ?? '')) return send(res, 401, { code: 401, message: 'Unauthorized' });
    if (rec.method === 'GET' && rec.path === '/oauth/token/accessible-resources') return send(res, 200, sites);
    const site = /^\/ex\/confluence\/([^/]+)\/wiki(\/.*)$/.exec(rec.path);
    if (!site) return send(res, 404, { code: 404, message: 'Not Found' });
    if (site[1] !== CONFLUENCE_CLOUD_ID) return send(res, 404, { errors: [{ status: 404, code: 'NOT_FOUND', title: 'Site not found', detail: null }] });
    if (rec.method === 'GET' && site[2] === '/rest/api/search') return search(rec.query, res);
    const api = /^\/api\/v2(\/.*)$/.exec(site[2]);
    if (!api) return v2Error(res, 404, 'NOT_FOUND', 'No API found at this path');
    v2(rec.method, api[1], rec.query, rec.body, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    cloudId: CONFLUENCE_CLOUD_ID,
    sites, pages, comments, requests,
    last: () => requests[requests.length - 1],
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
