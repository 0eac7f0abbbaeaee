import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback Slack Web API (https://slack.com/api/<method>) for connector tests. It answers the
 * methods the slack tools call with the shapes of Slack's reference examples — including
 * `{"ok": false, "error": …}` with HTTP 200 for failures — and records every request exactly.
 */
export interface RecordedSlackRequest {
  method: string;
  /** Path as received, e.g. `/api/chat.postMessage`. */
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  /** Parsed JSON or form body; undefined when there was none. */
  body: unknown;
}

export interface SlackFake {
  /** Base URL like the catalog's proxy_url: `http://127.0.0.1:<port>/api`. */
  url: string;
  requests: RecordedSlackRequest[];
  last(): RecordedSlackRequest;
  /** Scopes the token holds; a method whose scope is missing answers `missing_scope`. */
  scopes: Set<string>;
  close(): Promise<void>;
}

interface Channel {
  id: string; name: string; is_private: boolean; is_archived: boolean; is_member: boolean;
  created: number; creator: string; topic: string; purpose: string; num_members: number;
}
interface Message { type: 'message'; user: string; text: string; ts: string; thread_ts?: string; reply_count?: number; reactions?: Array<{ name: string; users: string[]; count: number }> }

const ME = 'U0G9QF9C6';
const SCOPES = ['chat:write', 'channels:read', 'groups:read', 'channels:history', 'search:read', 'users:read', 'users:read.email', 'channels:write', 'reactions:write'];
const METHOD_SCOPE: Record<string, string> = {
  'chat.postMessage': 'chat:write', 'conversations.list': 'channels:read', 'conversations.history': 'channels:history',
  'conversations.replies': 'channels:history', 'search.messages': 'search:read', 'users.info': 'users:read',
  'conversations.create': 'channels:write', 'reactions.add': 'reactions:write',
};

function seed() {
  const ch = (id: string, name: string, extra: Partial<Channel> = {}): Channel => ({
    id, name, is_private: false, is_archived: false, is_member: true, created: 1449252889, creator: 'W012A3BCD', topic: '', purpose: '', num_members: 4, ...extra,
  });
  const channels: Channel[] = [
    ch('C012AB3CD', 'general', { topic: 'Company-wide announcements and work-based matters', purpose: 'This channel is for team-wide communication and announcements.', num_members: 23 }),
    ch('C061EG9T2', 'random', { is_member: false, purpose: 'Non-work banter and water cooler conversation', num_members: 19 }),
    ch('G0AKFJBEU', 'design-private', { is_private: true, num_members: 3 }),
    ch('C0EAQDV4Z', 'old-launch', { is_archived: true, num_members: 0 }),
  ];
  const messages = new Map<string, Message[]>([
    ['C012AB3CD', [
      { type: 'message', user: 'W012A3BCD', text: 'Deploy finished, all green.', ts: '1512104434.000490' },
      { type: 'message', user: ME, text: 'Who is on call this weekend?', ts: '1512085950.000216', thread_ts: '1512085950.000216', reply_count: 2 },
      { type: 'message', user: 'W012A3BCD', text: 'Welcome to the team!', ts: '1512085000.000100' },
    ]],
  ]);
  const replies = new Map<string, Message[]>([
    ['C012AB3CD/1512085950.000216', [
      { type: 'message', user: 'W012A3BCD', text: 'I am, ping me if the pager fires.', ts: '1512086000.000300', thread_ts: '1512085950.000216' },
      { type: 'message', user: ME, text: 'Thanks!', ts: '1512086100.000400', thread_ts: '1512085950.000216' },
    ]],
  ]);
  const users = new Map([
    [ME, { id: ME, team_id: 'T012AB3C4', name: 'spengler', deleted: false, real_name: 'Egon Spengler', tz: 'America/New_York', tz_offset: -18000, is_admin: true, is_bot: false,
      profile: { title: 'Parapsychologist', real_name: 'Egon Spengler', display_name: 'spengler', email: 'spengler@ghostbusters.example.com', image_24: 'https://a.slack-edge.com/24.png' }, updated: 1502138686 }],
    ['W012A3BCD', { id: 'W012A3BCD', team_id: 'T012AB3C4', name: 'ana', deleted: false, real_name: 'Ana Lima', tz: 'Europe/Lisbon', tz_offset: 0, is_admin: false, is_bot: false,
      profile: { title: 'SRE', real_name: 'Ana Lima', display_name: 'ana', image_24: 'https://a.slack-edge.com/24.png' }, updated: 1502138686 }],
  ]);
  return { channels, messages, replies, users };
}

/** Slack's cursors are opaque base64 strings; this one encodes the next offset. */
function paginate<T>(items: T[], limitRaw: string | undefined, cursor: string | undefined, max = 1000) {
  const limit = Math.min(Number(limitRaw ?? 100) || 100, max);
  const start = cursor ? Number(Buffer.from(cursor, 'base64').toString().split(':')[1]) : 0;
  const page = items.slice(start, start + limit);
  const next = start + limit < items.length ? Buffer.from(`next:${start + limit}`).toString('base64') : '';
  return { page, next };
}

const toChannel = (c: Channel) => ({
  id: c.id, name: c.name, is_channel: !c.is_private, is_group: c.is_private, is_im: false, is_mpim: false, is_private: c.is_private,
  created: c.created, creator: c.creator, is_archived: c.is_archived, is_general: c.name === 'general', unlinked: 0,
  name_normalized: c.name, is_shared: false, is_ext_shared: false, is_org_shared: false, pending_shared: [], is_pending_ext_shared: false,
  is_member: c.is_member, topic: { value: c.topic, creator: '', last_set: 0 }, purpose: { value: c.purpose, creator: '', last_set: 0 },
  previous_names: [], num_members: c.num_members,
});

export async function startSlackFake(): Promise<SlackFake> {
  const requests: RecordedSlackRequest[] = [];
  const scopes = new Set(SCOPES);
  const db = seed();
  let clock = 1700000000;

  const find = (idOrName: unknown) => {
    const key = String(idOrName ?? '').replace(/^#/, '');
    return db.channels.find((c) => c.id === key || c.name === key);
  };

  function handle(method: string, args: Record<string, any>): Record<string, unknown> {
    switch (method) {
      case 'chat.postMessage': {
        const c = find(args.channel);
        if (!c) return { error: 'channel_not_found' };
        if (c.is_archived) return { error: 'is_archived' };
        if (!c.is_member) return { error: 'not_in_channel' };
        if (!args.text) return { error: 'no_text' };
        const msg: Message = { type: 'message', user: ME, text: String(args.text), ts: `${clock++}.000100` };
        if (args.thread_ts) msg.thread_ts = String(args.thread_ts);
        (db.messages.get(c.id) ?? db.messages.set(c.id, []).get(c.id)!).unshift(msg);
        return { channel: c.id, ts: msg.ts, message: { ...msg, team: 'T012AB3C4', blocks: [] } };
      }
      case 'conversations.list': {
        const types = String(args.types ?? 'public_channel').split(',');
        const list = db.channels.filter((c) => types.includes(c.is_private ? 'private_channel' : 'public_channel'))
          .filter((c) => !(args.exclude_archived === 'true' && c.is_archived));
        const { page, next } = paginate(list, args.limit, args.cursor);
        return { channels: page.map(toChannel), response_metadata: { next_cursor: next } };
      }
      case 'conversations.history': {
        const c = find(args.channel);
        if (!c || c.id !== args.channel) return { error: 'channel_not_found' };
        const all = (db.messages.get(c.id) ?? []).filter((m) => (!args.oldest || m.ts > args.oldest) && (!args.latest || m.ts < args.latest));
        const { page, next } = paginate(all, args.limit, args.cursor);
        return { messages: page, has_more: next !== '', pin_count: 0, response_metadata: { next_cursor: next } };
      }
      case 'conversations.replies': {
        const c = find(args.channel);
        if (!c || c.id !== args.channel) return { error: 'channel_not_found' };
        const parent = (db.messages.get(c.id) ?? []).find((m) => m.ts === args.ts);
        if (!parent) return { error: 'thread_not_found' };
        const all = [parent, ...(db.replies.get(`${c.id}/${parent.ts}`) ?? [])];
        const { page, next } = paginate(all, args.limit, args.cursor);
        return { messages: page, has_more: next !== '', response_metadata: { next_cursor: next } };
      }
      case 'search.messages': {
        const q = String(args.query ?? '').toLowerCase();
        const hits = db.channels.flatMap((c) => (db.messages.get(c.id) ?? []).filter((m) => m.text.toLowerCase().includes(q)).map((m) => ({ c, m })));
        const count = Number(args.count ?? 20);
        const page = Number(args.page ?? 1);
        const pages = Math.max(1, Math.ceil(hits.length / count));
        const matches = hits.slice((page - 1) * count, page * count).map(({ c, m }) => ({
          iid: `${c.id}-${m.ts}`, team: 'T012AB3C4', type: 'message', user: m.user, username: db.users.get(m.user)?.name ?? '', ts: m.ts, text: m.text,
          channel: { id: c.id, is_channel: !c.is_private, is_private: c.is_private, name: c.name },
          permalink: `https://example.slack.com/archives/${c.id}/p${m.ts.replace('.', '')}`,
        }));
        return {
          query: args.query,
          messages: {
            total: hits.length, matches,
            pagination: { total_count: hits.length, page, per_page: count, page_count: pages, first: 1, last: hits.length },
            paging: { count, total: hits.length, page, pages },
          },
        };
      }
      case 'users.info': {
        const user = db.users.get(String(args.user));
        return user ? { user } : { error: 'user_not_found' };
      }
      case 'conversations.create': {
        const name = String(args.name ?? '');
        if (!name) return { error: 'invalid_name_required' };
        if (!/^[a-z0-9_-]{1,80}$/.test(name)) return { error: 'invalid_name_specials' };
        if (find(name)) return { error: 'name_taken' };
        const c: Channel = { id: `C0${(clock++).toString(36).toUpperCase()}`, name, is_private: args.is_private === true || args.is_private === 'true', is_archived: false, is_member: true, created: clock, creator: ME, topic: '', purpose: '', num_members: 1 };
        db.channels.push(c);
        return { channel: { ...toChannel(c), last_read: '0000000000.000000', latest: null, unread_count: 0, unread_count_display: 0, priority: 0 } };
      }
      case 'reactions.add': {
        const c = find(args.channel);
        if (!c || c.id !== args.channel) return { error: 'channel_not_found' };
        const msg = (db.messages.get(c.id) ?? []).find((m) => m.ts === args.timestamp);
        if (!msg) return { error: 'message_not_found' };
        if (!/^[a-z0-9_+'-]+(::skin-tone-[2-6])?$/.test(String(args.name ?? ''))) return { error: 'invalid_name' };
        const r = (msg.reactions ??= []).find((x) => x.name === args.name);
        if (r?.users.includes(ME)) return { error: 'already_reacted' };
        if (r) { r.users.push(ME); r.count++; } else msg.reactions.push({ name: String(args.name), users: [ME], count: 1 });
        return {};
      }
      default:
        return { error: 'unknown_method' };
    }
  }

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString();
    const url = new URL(req.url ?? '/', 'http://fake');
    const type = req.headers['content-type'] ?? '';
    const body = !raw ? undefined : type.startsWith('application/json') ? JSON.parse(raw) : Object.fromEntries(new URLSearchParams(raw));
    const query = Object.fromEntries(url.searchParams);
    requests.push({ method: req.method ?? '', path: url.pathname, query, headers: req.headers, body });

    const method = url.pathname.replace(/^\/api\//, '');
    const auth = req.headers.authorization;
    let answer: Record<string, unknown>;
    if (!url.pathname.startsWith('/api/')) {
      res.writeHead(404, { 'content-type': 'text/html' });
      res.end('<html>not found</html>');
      return;
    } else if (!auth?.startsWith('Bearer ')) answer = { error: 'not_authed' };
    else if (auth === 'Bearer xoxp-revoked') answer = { error: 'token_revoked' };
    else if (METHOD_SCOPE[method] && !scopes.has(METHOD_SCOPE[method])) {
      answer = { error: 'missing_scope', needed: METHOD_SCOPE[method], provided: [...scopes].join(',') };
    } else answer = handle(method, { ...query, ...(body as object) });
    const payload = JSON.stringify(answer.error ? { ok: false, ...answer } : { ok: true, ...answer });
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
    res.end(payload);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    requests,
    last: () => requests[requests.length - 1]!,
    scopes,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
