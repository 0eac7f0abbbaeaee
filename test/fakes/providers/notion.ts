import { startEchoUpstream, type RecordedRequest } from '../echo-upstream.js';
import { lastReceived, receivedFrom, sendJson, type ReceivedRequest } from './recorded-json-fake.js';

/**
 * A loopback Notion API (https://developers.notion.com/reference, version 2022-06-28): search, pages,
 * databases and block children, with the reference's response shapes and its error objects
 * (`{object: "error", status, code, message}`). State lives in memory so writes can be read back.
 */

export type { ReceivedRequest };

export const PAGE_ID = 'b55c9c91-384d-452b-81db-d1ef79372b75';
export const DATABASE_ID = '897e5a76-ae52-4b48-a6d4-0b46543ebcda';
export const ROW_ID = '59833787-2cf9-4fdf-8782-e53db20768a5';
export const LIST_BLOCK_ID = '7d3a8c55-1b1e-4b1c-9f38-3d64a1e0b0c2';

const USER = { object: 'user', id: 'ee5f0f84-409a-440f-983a-a5315961c6e4' };
const text = (content: string, extra: Record<string, unknown> = {}) => ({
  type: 'text',
  text: { content, link: null },
  annotations: { bold: false, italic: false, strikethrough: false, underline: false, code: false, color: 'default' },
  plain_text: content,
  href: null,
  ...extra,
});
const compact = (id: string) => id.replace(/-/g, '');
const urlOf = (title: string, id: string) => `https://www.notion.so/${title.replace(/\W+/g, '-')}-${compact(id)}`;

function page(id: string, parent: Record<string, unknown>, properties: Record<string, unknown>, title: string) {
  return {
    object: 'page', id, created_time: '2024-03-01T09:00:00.000Z', last_edited_time: '2024-03-04T16:20:00.000Z',
    created_by: USER, last_edited_by: USER, cover: null, icon: { type: 'emoji', emoji: '🚀' },
    parent, archived: false, in_trash: false, properties, url: urlOf(title, id), public_url: null,
  };
}

function seed() {
  const pages = new Map<string, any>();
  const databases = new Map<string, any>();
  const children = new Map<string, any[]>();
  pages.set(PAGE_ID, page(PAGE_ID, { type: 'workspace', workspace: true }, { title: { id: 'title', type: 'title', title: [text('Project Kickoff')] } }, 'Project Kickoff'));
  databases.set(DATABASE_ID, {
    object: 'database', id: DATABASE_ID, created_time: '2024-02-20T10:00:00.000Z', last_edited_time: '2024-03-04T16:00:00.000Z',
    title: [text('Tasks')], description: [], is_inline: false, parent: { type: 'page_id', page_id: PAGE_ID },
    url: urlOf('', DATABASE_ID).replace('/-', '/'), archived: false, in_trash: false,
    properties: {
      Name: { id: 'title', name: 'Name', type: 'title', title: {} },
      Status: { id: 'Xd%3Ab', name: 'Status', type: 'status', status: { options: [{ id: '1', name: 'Not started', color: 'default' }, { id: '2', name: 'In progress', color: 'blue' }, { id: '3', name: 'Done', color: 'green' }], groups: [] } },
      Tags: { id: 'pq%7Bn', name: 'Tags', type: 'multi_select', multi_select: { options: [{ id: 'a', name: 'launch', color: 'red' }, { id: 'b', name: 'blog', color: 'gray' }] } },
      Due: { id: 'M%3BBw', name: 'Due', type: 'date', date: {} },
      Estimate: { id: 'eW%5C', name: 'Estimate', type: 'number', number: { format: 'number' } },
      Done: { id: 'z%3Fk', name: 'Done', type: 'checkbox', checkbox: {} },
      Assignee: { id: 'K%7Cq', name: 'Assignee', type: 'people', people: {} },
    },
  });
  pages.set(ROW_ID, page(ROW_ID, { type: 'database_id', database_id: DATABASE_ID }, {
    Name: { id: 'title', type: 'title', title: [text('Write '), text('launch post', { annotations: { bold: true } })] },
    Status: { id: 'Xd%3Ab', type: 'status', status: { id: '2', name: 'In progress', color: 'blue' } },
    Tags: { id: 'pq%7Bn', type: 'multi_select', multi_select: [{ id: 'a', name: 'launch', color: 'red' }, { id: 'b', name: 'blog', color: 'gray' }] },
    Due: { id: 'M%3BBw', type: 'date', date: { start: '2024-03-15', end: null, time_zone: null } },
    Estimate: { id: 'eW%5C', type: 'number', number: 3 },
    Done: { id: 'z%3Fk', type: 'checkbox', checkbox: false },
    Assignee: { id: 'K%7Cq', type: 'people', people: [{ object: 'user', id: USER.id, name: 'Ada Lovelace', type: 'person', person: { email: 'ada@example.com' } }] },
  }, 'Write launch post'));
  const block = (id: string, type: string, body: Record<string, unknown>, hasChildren = false) => ({
    object: 'block', id, parent: { type: 'page_id', page_id: PAGE_ID }, created_time: '2024-03-01T09:00:00.000Z',
    last_edited_time: '2024-03-01T09:05:00.000Z', created_by: USER, last_edited_by: USER, has_children: hasChildren,
    archived: false, in_trash: false, type, [type]: body,
  });
  children.set(PAGE_ID, [
    block('c02fc1d3-db8b-45c5-a222-27595b15aea7', 'heading_1', { rich_text: [text('Goals')], is_toggleable: false, color: 'default' }),
    block('acc7eb06-05cd-4603-a384-5e1e4f1f4e72', 'paragraph', { rich_text: [text('Ship the '), text('beta', { href: 'https://example.com/beta' }), text(' by March.')], color: 'default' }),
    block('e8b3e0f4-5e43-4ab3-a4f5-8b1f4e2d7f11', 'to_do', { rich_text: [text('Book the venue')], checked: true, color: 'default' }),
    block(LIST_BLOCK_ID, 'bulleted_list_item', { rich_text: [text('Risks')], color: 'default' }, true),
    block('0f3e1a77-2a6d-4b8e-9c10-51e7a0d2b3c4', 'code', { rich_text: [text('npm run launch')], caption: [], language: 'bash' }),
    block('5a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', 'divider', {}),
    block('9b8a7c6d-5e4f-4d3c-8b2a-1f0e9d8c7b6a', 'child_page', { title: 'Meeting notes' }),
  ]);
  children.set(LIST_BLOCK_ID, [block('1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', 'bulleted_list_item', { rich_text: [text('Venue may be late')], color: 'default' })]);
  return { pages, databases, children };
}

type State = ReturnType<typeof seed>;

class NotionError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) { super(message); }
}

/** Notion takes ids with or without dashes and answers with the dashed form. */
function uuid(raw: string, field: string): string {
  const hex = compact(decodeURIComponent(raw)).toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(hex)) throw new NotionError(400, 'validation_error', `path failed validation: path.${field} should be a valid uuid, instead was \`"${raw}"\`.`);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const notFound = (kind: string, id: string) =>
  new NotionError(404, 'object_not_found', `Could not find ${kind} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`);

function pageSizeOf(value: unknown): number {
  if (value === undefined) return 100;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100) throw new NotionError(400, 'validation_error', 'body failed validation: body.page_size should be ≤ `100`.');
  return n;
}

/** Notion's cursors are opaque; here a cursor is the id of the first item of the next page. */
function paginate<T extends { id: string }>(items: T[], size: number, cursor: unknown, type: string) {
  const start = cursor ? Math.max(0, items.findIndex((i) => i.id === cursor)) : 0;
  const slice = items.slice(start, start + size);
  const next = items[start + size];
  return { object: 'list', results: slice, next_cursor: next ? next.id : null, has_more: Boolean(next), type, [type]: {} };
}

const titleOf = (o: any): string =>
  o.object === 'database' ? o.title.map((t: any) => t.plain_text).join('') : (Object.values(o.properties).find((p: any) => p.type === 'title') as any).title.map((t: any) => t.plain_text).join('');

function richFromRequest(runs: any[]): any[] {
  return runs.map((r) => text(r.text.content));
}

/** Stores a block as Notion answers it later: with an id, timestamps and full rich text (plain_text filled in). */
function materialize(b: any, id: string, parentId: string): any {
  const body = { ...b[b.type] };
  if (Array.isArray(body.rich_text)) body.rich_text = richFromRequest(body.rich_text);
  return {
    object: 'block', id, parent: { type: 'page_id', page_id: parentId }, created_time: '2024-03-05T08:00:00.000Z',
    last_edited_time: '2024-03-05T08:00:00.000Z', created_by: USER, last_edited_by: USER, has_children: false,
    archived: false, in_trash: false, type: b.type, [b.type]: body,
  };
}

function route(s: State, r: ReceivedRequest): [number, unknown] {
  let m: RegExpMatchArray | null;
  if (r.method === 'POST' && r.path === '/v1/search') {
    const q = String(r.body.query ?? '').toLowerCase();
    let all: any[] = [...s.pages.values(), ...s.databases.values()].filter((o) => titleOf(o).toLowerCase().includes(q));
    if (r.body.filter) all = all.filter((o) => o.object === r.body.filter.value);
    all.sort((a, b) => b.last_edited_time.localeCompare(a.last_edited_time));
    return [200, paginate(all, pageSizeOf(r.body.page_size), r.body.start_cursor, 'page_or_database')];
  }
  if (r.method === 'GET' && (m = r.path.match(/^\/v1\/pages\/([^/]+)$/))) {
    const id = uuid(m[1], 'page_id');
    const p = s.pages.get(id);
    if (!p) throw notFound('page', id);
    return [200, p];
  }
  if (r.method === 'POST' && r.path === '/v1/pages') {
    const parent = r.body.parent ?? {};
    const parentId = parent.page_id ?? parent.database_id;
    if (!parentId) throw new NotionError(400, 'validation_error', 'body failed validation: body.parent should be defined, instead was `undefined`.');
    const id = uuid(parentId, parent.page_id ? 'parent.page_id' : 'parent.database_id');
    if (!(parent.page_id ? s.pages : s.databases).has(id)) throw notFound(parent.page_id ? 'page' : 'database', id);
    const titleRuns = r.body.properties?.title?.title;
    if (!Array.isArray(titleRuns)) throw new NotionError(400, 'validation_error', 'body failed validation: body.properties.title should be defined.');
    const newId = 'a1b2c3d4-0000-4000-8000-00000000000' + String(s.pages.size);
    const title = titleRuns.map((t: any) => t.text.content).join('');
    const created = page(newId, parent.page_id ? { type: 'page_id', page_id: id } : { type: 'database_id', database_id: id }, { title: { id: 'title', type: 'title', title: richFromRequest(titleRuns) } }, title);
    s.pages.set(newId, created);
    s.children.set(newId, (r.body.children ?? []).map((b: any, i: number) => materialize(b, `${newId.slice(0, -2)}${i}0`, newId)));
    return [200, created];
  }
  if (r.method === 'POST' && (m = r.path.match(/^\/v1\/databases\/([^/]+)\/query$/))) {
    const id = uuid(m[1], 'database_id');
    if (!s.databases.has(id)) throw notFound('database', id);
    const rows = [...s.pages.values()].filter((p) => p.parent.database_id === id);
    return [200, paginate(rows, pageSizeOf(r.body.page_size), r.body.start_cursor, 'page_or_database')];
  }
  if (r.method === 'GET' && (m = r.path.match(/^\/v1\/databases\/([^/]+)$/))) {
    const id = uuid(m[1], 'database_id');
    const db = s.databases.get(id);
    if (!db) throw notFound('database', id);
    return [200, db];
  }
  if ((m = r.path.match(/^\/v1\/blocks\/([^/]+)\/children$/))) {
    const id = uuid(m[1], 'block_id');
    const list = s.children.get(id);
    if (!list && !s.pages.has(id)) throw notFound('block', id);
    if (r.method === 'GET') return [200, paginate(list ?? [], pageSizeOf(r.query.page_size), r.query.start_cursor, 'block')];
    if (r.method === 'PATCH') {
      const add = r.body.children;
      if (!Array.isArray(add) || add.length > 100) throw new NotionError(400, 'validation_error', 'body failed validation: body.children.length should be ≤ `100`.');
      const created = add.map((b: any, i: number) => materialize(b, `d0d0d0d0-0000-4000-8000-${String((list?.length ?? 0) + i).padStart(12, '0')}`, id));
      s.children.set(id, [...(list ?? []), ...created]);
      return [200, { object: 'list', results: created, next_cursor: null, has_more: false, type: 'block', block: {} }];
    }
  }
  throw new NotionError(400, 'invalid_request_url', 'Invalid request URL.');
}

export interface NotionFake {
  url: string;
  received: ReceivedRequest[];
  last(): ReceivedRequest;
  close(): Promise<void>;
}

export async function startNotionFake(): Promise<NotionFake> {
  const upstream = await startEchoUpstream({ plainHttp: true });
  const state = seed();
  const received: ReceivedRequest[] = [];
  upstream.respond((rec: RecordedRequest, res) => {
    const send = (status: number, payload: unknown) => sendJson(res, status, payload);
    const fail = (e: NotionError) => send(e.status, { object: 'error', status: e.status, code: e.code, message: e.message, request_id: 'f0e1d2c3-b4a5-4968-8776-655443322110' });
    let body: any = {};
    try {
      body = rec.bodyBytes ? JSON.parse(rec.body.toString('utf8')) : {};
    } catch {
      return fail(new NotionError(400, 'invalid_json', 'Error parsing JSON body.'));
    }
    const r: ReceivedRequest = receivedFrom(rec, body);
    received.push(r);
    if (!/^Bearer \S+$/.test(rec.headers.authorization ?? '')) return fail(new NotionError(401, 'unauthorized', 'API token is invalid.'));
    if (!rec.headers['notion-version']) return fail(new NotionError(400, 'missing_version', 'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.'));
    try {
      const [status, payload] = route(state, r);
      send(status, payload);
    } catch (e) {
      if (e instanceof NotionError) return fail(e);
      send(500, { object: 'error', status: 500, code: 'internal_server_error', message: 'Unexpected error.' });
    }
  });
  return {
    url: upstream.url,
    received,
    last: () => lastReceived(received, 'Notion'),
    close: () => upstream.close(),
  };
}
