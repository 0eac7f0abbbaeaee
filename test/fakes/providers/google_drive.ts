import { applyFieldsMask } from './google-fields-mask.js';
import { googleError, startGoogleFake, type GoogleFakeServer, type RecordedGoogleRequest, type Reply } from './google-fake-server.js';

/**
 * A loopback Google Drive API v3 (https://www.googleapis.com/drive/v3 and /upload/drive/v3)
 * for the google_drive tools, with the shapes of Google's reference: File resources trimmed by
 * the `fields` mask (v3 answers only kind, id, name and mimeType without one), a small subset
 * of the `q` language, `alt=media` downloads honouring Range, exports of Docs Editors files
 * (with the BOM Google puts in text exports), multipart/related uploads and permissions.
 */
export interface FakeDriveFile {
  kind: 'drive#file'; id: string; name: string; mimeType: string; parents: string[]; trashed: boolean;
  createdTime: string; modifiedTime: string; webViewLink: string; size?: string; description?: string;
  owners: Array<{ kind: 'drive#user'; displayName: string; emailAddress: string; me: boolean; permissionId: string }>;
  /** The bytes (or, for Google Docs, the text an export gives); not part of the resource. */
  content?: string;
}
export interface FakePermission { kind: 'drive#permission'; id: string; type: string; role: string; emailAddress?: string; domain?: string; allowFileDiscovery?: boolean }

export const ROOT = '0AHmX9kq2LrTbUk9PVA';
export const FOLDER = '1Fq8zR2vVYk3mN5pQ7sT9uW1xY3zA5bC7';
export const DOC = '1dT4oRcKx7Wq2Lm9Np3Vb6Zs8Hj0Gf5Ye1uIoPaSdFg';
export const SHEET = '1sH3eTbUdG7eT9kLm2Np4Qr6St8Uv0Wx2Yz4Ab6Cd8E';
export const NOTES = '1nO7tEsMdQ4wE6rT8yU0iO2pA4sD6fG8h';
export const LOG = '1lO9gBiGtXt3qW5eR7tY9uI1oP3aS5dF7';
export const PHOTO = '1pH2oToJpG4kL6zX8cV0bN2mQ4wE6rT8y';
export const TRASHED = '1tR6aShEdX8cV0bN2mQ4wE6rT8yU0iO2p';

const OWNER = { kind: 'drive#user' as const, displayName: 'Ana Silva', emailAddress: 'ana@example.com', me: true, permissionId: '07190185945264364364' };
const GOOGLE_DOC = 'application/vnd.google-apps.document';
const GOOGLE_SHEET = 'application/vnd.google-apps.spreadsheet';
const FOLDER_MIME = 'application/vnd.google-apps.folder';
const LOG_TEXT = Array.from({ length: 2000 }, (_, i) => `2024-05-06T10:${String(i % 60).padStart(2, '0')}:00Z INFO request ${i} served in 12 ms`).join('\n');

function file(id: string, name: string, mimeType: string, fields: Partial<FakeDriveFile> = {}): FakeDriveFile {
  const kind = mimeType === FOLDER_MIME ? 'drive/folders' : mimeType === GOOGLE_DOC ? 'document/d' : mimeType === GOOGLE_SHEET ? 'spreadsheets/d' : 'file/d';
  const link = mimeType === FOLDER_MIME ? `https://drive.google.com/drive/folders/${id}` : `https://docs.google.com/${kind}/${id}/edit?usp=drivesdk`;
  const content = fields.content;
  return {
    kind: 'drive#file', id, name, mimeType, parents: [ROOT], trashed: false, createdTime: '2024-04-02T09:12:31.000Z', modifiedTime: '2024-05-01T16:40:02.517Z',
    webViewLink: link, owners: [OWNER],
    ...(content !== undefined && !mimeType.startsWith('application/vnd.google-apps') ? { size: String(Buffer.byteLength(content)) } : {}),
    ...fields,
  };
}

function seed(): FakeDriveFile[] {
  return [
    file(FOLDER, 'Projects', FOLDER_MIME, { modifiedTime: '2024-04-28T08:00:00.000Z' }),
    file(DOC, 'Q2 roadmap', GOOGLE_DOC, { parents: [FOLDER], description: 'Planning for April–June', content: '\uFEFFQ2 roadmap\r\n\r\n1. Ship the connector catalog\r\n2. Hire two engineers' }),
    file(SHEET, 'Budget 2024', GOOGLE_SHEET, { parents: [FOLDER], modifiedTime: '2024-04-30T12:00:00.000Z', content: 'Item,Q1,Q2\r\nCloud,1200,1350\r\nTravel,400,250' }),
    file(NOTES, 'meeting notes.md', 'text/markdown', { modifiedTime: '2024-05-02T07:30:00.000Z', content: '# Weekly sync\n\n- Roadmap approved\n- Budget: see sheet\n' }),
    file(LOG, 'server.log', 'text/plain', { modifiedTime: '2024-04-15T00:00:00.000Z', content: LOG_TEXT }),
    file(PHOTO, 'offsite.jpg', 'image/jpeg', { size: '2483021', modifiedTime: '2024-04-10T00:00:00.000Z' }),
    file(TRASHED, 'old roadmap.txt', 'text/plain', { trashed: true, content: 'obsolete' }),
  ];
}

/** What Drive v3 answers without a `fields` mask. */
const DEFAULT_FILE = 'kind,id,name,mimeType';

export interface GoogleDriveFake extends GoogleFakeServer {
  files: FakeDriveFile[];
  permissions: Map<string, FakePermission[]>;
  /** Each multipart upload taken apart: the metadata part, the media part's type and text. */
  uploads: Array<{ metadata: Record<string, unknown>; contentType: string; content: string }>;
}

const notFound = (id: string) => googleError(404, 'notFound', `File not found: ${id}.`);
const invalid = (location: string) => googleError(400, 'invalid', `Invalid Value: ${location}`);

/** The q terms the tools send: `trashed = false`, `name contains '…'`, `'id' in parents`, `mimeType = '…'`, `fullText contains '…'`. */
function matcher(q: string): ((f: FakeDriveFile) => boolean) | undefined {
  const unquote = (s: string) => s.replace(/\\(.)/g, '$1');
  const terms: string[] = [];
  let depth = 0, quoted = false, start = 0;
  for (let i = 0; i < q.length; i++) {
    const c = q[i];
    if (c === '\\') { i++; continue; }
    if (c === "'") quoted = !quoted;
    else if (!quoted && c === '(') depth++;
    else if (!quoted && c === ')') depth--;
    else if (!quoted && depth === 0 && q.startsWith(' and ', i)) { terms.push(q.slice(start, i)); start = i + 5; i += 4; }
  }
  terms.push(q.slice(start));
  const tests: Array<(f: FakeDriveFile) => boolean> = [];
  for (const raw of terms) {
    const t = raw.trim().replace(/^\((.*)\)$/, '$1').trim();
    const str = "'((?:[^'\\\\]|\\\\.)*)'";
    let m: RegExpExecArray | null;
    if ((m = /^trashed\s*=\s*(true|false)$/.exec(t))) { const want = m[1] === 'true'; tests.push((f) => f.trashed === want); }
    else if ((m = new RegExp(`^name contains ${str}$`).exec(t))) { const v = unquote(m[1]).toLowerCase(); tests.push((f) => f.name.toLowerCase().includes(v)); }
    else if ((m = new RegExp(`^fullText contains ${str}$`).exec(t))) { const v = unquote(m[1]).toLowerCase(); tests.push((f) => `${f.name} ${f.description ?? ''} ${f.content ?? ''}`.toLowerCase().includes(v)); }
    else if ((m = new RegExp(`^${str} in parents$`).exec(t))) { const v = unquote(m[1]); tests.push((f) => f.parents.includes(v)); }
    else if ((m = new RegExp(`^mimeType\\s*(!?=)\\s*${str}$`).exec(t))) { const [, op, v] = m; tests.push((f) => (f.mimeType === unquote(v)) === (op === '=')); }
    else return undefined;
  }
  return (f) => tests.every((test) => test(f));
}

/** Takes a multipart/related body apart (RFC 2387): each part's Content-Type and text. */
function multipartParts(req: RecordedGoogleRequest): Array<{ type: string; text: string }> | undefined {
  const boundary = /boundary=("?)([^";]+)\1/.exec(String(req.headers['content-type']))?.[2];
  if (!boundary || typeof req.body !== 'string') return undefined;
  const sections = req.body.split(`--${boundary}`);
  if (sections.length < 3 || !sections[sections.length - 1].startsWith('--')) return undefined;
  return sections.slice(1, -1).map((s) => {
    const [head, ...rest] = s.replace(/^\r\n/, '').split('\r\n\r\n');
    return { type: /content-type:\s*(.+)/i.exec(head)?.[1].trim() ?? '', text: rest.join('\r\n\r\n').replace(/\r\n$/, '') };
  });
}

export async function startGoogleDriveFake(): Promise<GoogleDriveFake> {
  const files = seed();
  const permissions = new Map<string, FakePermission[]>();
  const uploads: GoogleDriveFake['uploads'] = [];
  let counter = 0;
  const newId = () => `1nEw${String(counter++).padStart(3, '0')}FiLeId8kT2mQ5vX9zB3nC6pR`;
  const find = (id: string) => files.find((f) => f.id === id);
  const answer = (f: FakeDriveFile, fields: unknown): Reply => {
    const { content: _omitted, ...resource } = f;
    const body = applyFieldsMask(resource, (fields as string | undefined) ?? DEFAULT_FILE);
    return body === undefined ? invalid('fields') : { status: 200, body };
  };
  const create = (meta: Record<string, unknown>, content?: string): Reply => {
    if (typeof meta.name !== 'string' || !meta.name) return googleError(400, 'required', 'Required parameter: name');
    const parents = (meta.parents as string[] | undefined) ?? [ROOT];
    const missing = parents.find((p) => p !== ROOT && !find(p));
    if (missing) return notFound(missing);
    const created = file(newId(), meta.name, String(meta.mimeType ?? (content === undefined ? 'application/octet-stream' : 'text/plain')), {
      parents, createdTime: '2024-05-06T12:00:00.000Z', modifiedTime: '2024-05-06T12:00:00.000Z', ...(content !== undefined ? { content } : {}),
    });
    files.push(created);
    return { status: 200, body: created };
  };

  const fake = await startGoogleFake('', [
    ['GET', /^\/drive\/v3\/files$/, (r) => {
      const test = matcher(String(r.query.q ?? 'trashed = false'));
      if (!test) return invalid('q');
      if (r.query.orderBy && /fullText/.test(String(r.query.q))) {
        return googleError(400, 'invalid', 'Sorting is not supported for queries with fullText terms. Results are always in descending relevance order.');
      }
      const found = files.filter(test);
      if (r.query.orderBy === 'modifiedTime desc') found.sort((a, b) => b.modifiedTime.localeCompare(a.modifiedTime));
      const size = Math.min(Number(r.query.pageSize ?? 100), 1000);
      const start = r.query.pageToken ? Number(/^~!!~(\d+)$/.exec(String(r.query.pageToken))?.[1] ?? NaN) : 0;
      if (Number.isNaN(start)) return invalid('pageToken');
      const page = found.slice(start, start + size).map(({ content: _c, ...f }) => f);
      const list = { kind: 'drive#fileList', incompleteSearch: false, files: page, ...(start + size < found.length ? { nextPageToken: `~!!~${start + size}` } : {}) };
      const body = applyFieldsMask(list, (r.query.fields as string | undefined) ?? `kind,incompleteSearch,nextPageToken,files(${DEFAULT_FILE})`);
      return body === undefined ? invalid('fields') : { status: 200, body };
    }],
    ['GET', /^\/drive\/v3\/files\/([^/]+)$/, (r, [id]) => {
      const f = find(id);
      if (!f) return notFound(id);
      if (r.query.alt !== 'media') return answer(f, r.query.fields);
      if (f.mimeType.startsWith('application/vnd.google-apps')) {
        return googleError(403, 'fileNotDownloadable', 'Only files with binary content can be downloaded. Use Export with Docs Editors files.');
      }
      const bytes = Buffer.from(f.content ?? '');
      const range = /^bytes=(\d+)-(\d+)$/.exec(String(r.headers.range ?? ''));
      if (!range) return { status: 200, text: bytes.toString('utf8'), contentType: f.mimeType };
      return { status: 206, text: bytes.subarray(Number(range[1]), Number(range[2]) + 1).toString('utf8'), contentType: f.mimeType };
    }],
    ['GET', /^\/drive\/v3\/files\/([^/]+)\/export$/, (r, [id]) => {
      const f = find(id);
      if (!f) return notFound(id);
      if (!r.query.mimeType) return googleError(400, 'required', 'Required parameter: mimeType');
      const exports: Record<string, string> = { [GOOGLE_DOC]: 'text/plain', [GOOGLE_SHEET]: 'text/csv' };
      if (exports[f.mimeType] !== r.query.mimeType) return googleError(403, 'fileNotExportable', 'Export only supports Docs Editors files.');
      return { status: 200, text: f.content ?? '', contentType: `${r.query.mimeType}; charset=utf-8` };
    }],
    ['POST', /^\/drive\/v3\/files$/, (r) => {
      const reply = create((r.body ?? {}) as Record<string, unknown>);
      return reply.status === 200 ? answer(reply.body as FakeDriveFile, r.query.fields) : reply;
    }],
    ['POST', /^\/upload\/drive\/v3\/files$/, (r) => {
      if (r.query.uploadType !== 'multipart') return invalid('uploadType');
      const parts = multipartParts(r);
      if (!parts || parts.length !== 2 || !parts[0].type.startsWith('application/json')) return googleError(400, 'badContent', 'Bad content type. Please use multipart.');
      let metadata: Record<string, unknown>;
      try { metadata = JSON.parse(parts[0].text); } catch { return googleError(400, 'parseError', 'Parse Error'); }
      uploads.push({ metadata, contentType: parts[1].type, content: parts[1].text });
      const mediaType = parts[1].type.split(';')[0].trim();
      const reply = create({ ...metadata, mimeType: metadata.mimeType ?? mediaType }, parts[1].text);
      return reply.status === 200 ? answer(reply.body as FakeDriveFile, r.query.fields) : reply;
    }],
    ['POST', /^\/drive\/v3\/files\/([^/]+)\/permissions$/, (r, [id]) => {
      if (!find(id)) return notFound(id);
      const body = (r.body ?? {}) as { type?: string; role?: string; emailAddress?: string; domain?: string };
      if (!['user', 'group', 'domain', 'anyone'].includes(body.type ?? '')) return googleError(400, 'invalid', 'Invalid permission type specified');
      if (!['reader', 'commenter', 'writer', 'fileOrganizer', 'organizer', 'owner'].includes(body.role ?? '')) return googleError(400, 'invalid', 'Invalid permission role specified');
      if ((body.type === 'user' || body.type === 'group') && !body.emailAddress) return googleError(400, 'required', 'The permission emailAddress field is required.');
      if (body.type === 'anyone' && r.query.sendNotificationEmail !== undefined) {
        return googleError(400, 'invalidSharingRequest', 'Bad Request. User message: "Notifications can only be sent to users and groups."');
      }
      if (r.query.emailMessage !== undefined && r.query.sendNotificationEmail === 'false') {
        return googleError(400, 'badRequest', 'Bad Request. User message: "A message cannot be sent without a notification."');
      }
      const list = permissions.get(id) ?? [];
      const existing = list.find((p) => p.type === body.type && p.emailAddress === body.emailAddress);
      const permission: FakePermission = existing ?? {
        kind: 'drive#permission', id: body.type === 'anyone' ? 'anyoneWithLink' : `0${String(9162834012 + list.length)}451728`, type: body.type!, role: body.role!,
        ...(body.emailAddress ? { emailAddress: body.emailAddress } : {}), ...(body.type === 'anyone' ? { allowFileDiscovery: false } : {}),
      };
      permission.role = body.role!;
      if (!existing) list.push(permission);
      permissions.set(id, list);
      const out = applyFieldsMask(permission, (r.query.fields as string | undefined) ?? 'kind,id,type,role');
      return out === undefined ? invalid('fields') : { status: 200, body: out };
    }],
  ]);
  return Object.assign(fake, { files, permissions, uploads });
}
