import { GRAPH_ORIGIN, graphError, startGraphFake, topOf, type GraphFakeServer, type RecordedGraphRequest, type Reply } from './graph-fake-server.js';

/**
 * A loopback Microsoft Graph v1.0 for the microsoft_teams tools: joined teams, channels, channel
 * messages and replies, chats (with $expand=members) and chat messages, in the resource shapes
 * of Graph's reference; lists of messages and chats page with an opaque $skiptoken.
 */
const TENANT = 'dcd219dd-bc68-4b9b-bf0b-4a33a796be35';
const TEAM_ID = '172b0cce-e65d-44ce-9a49-91d9f2e8493a';
const GENERAL = '19:561fbdbbfca848a484f0a6f00ce9dbbd@thread.tacv2';
const PROJECTS = '19:8a2c3b1e54a24a1db5e0f0a5b8f1c2d3@thread.tacv2';
const CHAT_ONE = '19:8b081ef6-4792-4def-b2c9-c363a1bf41d5_5031bb31-22c0-4f6f-9f73-91d34ab2b32d@unq.gbl.spaces';
const CHAT_GROUP = '19:561082c0f3f847a58069deb8eb300807@thread.v2';

const user = (id: string, displayName: string) => ({ application: null, device: null, user: { '@odata.type': '#microsoft.graph.teamworkUserIdentity', id, displayName, userIdentityType: 'aadUser', tenantId: TENANT } });
const ADELE = user('8b081ef6-4792-4def-b2c9-c363a1bf41d5', 'Adele Vance');
const MEGAN = user('5031bb31-22c0-4f6f-9f73-91d34ab2b32d', 'Megan Bowen');

export interface FakeChatMessage {
  id: string; replyToId: string | null; etag: string; messageType: string; createdDateTime: string; lastModifiedDateTime: string; deletedDateTime: null;
  subject: string | null; summary: null; chatId: string | null; importance: string; locale: string; webUrl: string | null;
  from: ReturnType<typeof user> | null; body: { contentType: string; content: string };
  channelIdentity: { teamId: string; channelId: string } | null; attachments: unknown[]; mentions: unknown[]; reactions: unknown[];
}

function message(id: string, where: { channel?: string; chat?: string }, f: Partial<FakeChatMessage> & Pick<FakeChatMessage, 'createdDateTime' | 'body'>): FakeChatMessage {
  const webUrl = where.channel
    ? `https://teams.microsoft.com/l/message/${encodeURIComponent(where.channel)}/${id}?groupId=${TEAM_ID}&tenantId=${TENANT}&createdTime=${id}&parentMessageId=${id}`
    : null;
  return {
    id, replyToId: null, etag: id, messageType: 'message', lastModifiedDateTime: f.createdDateTime, deletedDateTime: null, subject: null, summary: null,
    chatId: where.chat ?? null, importance: 'normal', locale: 'en-us', webUrl, from: ADELE, channelIdentity: where.channel ? { teamId: TEAM_ID, channelId: where.channel } : null,
    attachments: [], mentions: [], reactions: [], ...f,
  };
}

interface FakeChannel { id: string; createdDateTime: string; displayName: string; description: string | null; email: string; membershipType: string; webUrl: string; isArchived: boolean; tenantId: string }
const channel = (id: string, displayName: string, description: string | null, membershipType = 'standard'): FakeChannel => ({
  id, createdDateTime: '2023-09-12T18:03:24.71Z', displayName, description, email: '', membershipType, isArchived: false, tenantId: TENANT,
  webUrl: `https://teams.microsoft.com/l/channel/${encodeURIComponent(id)}/${encodeURIComponent(displayName)}?groupId=${TEAM_ID}&tenantId=${TENANT}`,
});

export interface TeamsFake extends GraphFakeServer {
  /** Messages by channel or chat id; replies are kept under `<channel>/<message>`. */
  threads: Map<string, FakeChatMessage[]>;
}

const notFound = (what: string) => graphError(404, 'NotFound', `${what} not found`);

/** Newest first, `$top` per page, the next page named by an opaque $skiptoken as Graph does. */
function page(r: RecordedGraphRequest, items: unknown[], top: number, context: string) {
  const token = r.query.$skiptoken;
  const skip = token === undefined ? 0 : Number(Buffer.from(String(token), 'base64url').toString('utf8').replace(/^skip:/, ''));
  const slice = items.slice(skip, skip + top);
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(r.query)) if (k !== '$skiptoken') for (const one of Array.isArray(v) ? v : [v]) params.append(k, one);
  params.set('$skiptoken', Buffer.from(`skip:${skip + top}`).toString('base64url'));
  return { '@odata.context': `${GRAPH_ORIGIN}/v1.0/$metadata#${context}`, '@odata.count': slice.length, value: slice, ...(skip + top < items.length ? { '@odata.nextLink': `${GRAPH_ORIGIN}${r.path}?${params}` } : {}) };
}

export async function startTeamsFake(): Promise<TeamsFake> {
  const teams = [
    { id: TEAM_ID, createdDateTime: null, displayName: 'Contoso Team', description: 'This is a Contoso team, used to showcase the range of properties supported by this API', internalId: null, classification: null, specialization: null, visibility: null, webUrl: null, isArchived: false, tenantId: TENANT, isMembershipLimitedToOwners: null, memberSettings: null, guestSettings: null, messagingSettings: null, funSettings: null, discoverySettings: null, summary: null },
    { id: 'c1e8e1a2-4f3b-4d2a-9b7e-2f1a3c4d5e6f', createdDateTime: null, displayName: 'Mark 8 Project Team', description: null, internalId: null, classification: null, specialization: null, visibility: null, webUrl: null, isArchived: true, tenantId: TENANT, isMembershipLimitedToOwners: null, memberSettings: null, guestSettings: null, messagingSettings: null, funSettings: null, discoverySettings: null, summary: null },
  ];
  const channels = new Map<string, FakeChannel[]>([[TEAM_ID, [channel(GENERAL, 'General', 'Auto-generated channel for team members.'), channel(PROJECTS, 'Projects', null, 'private')]]]);
  const threads = new Map<string, FakeChatMessage[]>([
    [GENERAL, [
      message('1714564800000', { channel: GENERAL }, { createdDateTime: '2024-05-01T12:00:00Z', subject: 'Release 2.3', body: { contentType: 'html', content: '<p>Release 2.3 ships on <strong>Friday</strong>.</p><p>Thanks <at id="0">Megan Bowen</at> &amp; team!</p>' }, importance: 'high' }),
      message('1714478400000', { channel: GENERAL }, { createdDateTime: '2024-04-30T12:00:00Z', from: MEGAN, body: { contentType: 'text', content: 'Standup moved to 10:00.' } }),
      message('1714392000000', { channel: GENERAL }, { createdDateTime: '2024-04-29T12:00:00Z', from: null, messageType: 'systemEventMessage', body: { contentType: 'html', content: '<systemEventMessage/>' } }),
    ]],
    [PROJECTS, []],
    [CHAT_ONE, [message('1714570000000', { chat: CHAT_ONE }, { createdDateTime: '2024-05-01T13:26:40Z', body: { contentType: 'text', content: 'Lunch at 1?' } })]],
    [CHAT_GROUP, []],
  ]);
  const member = (u: ReturnType<typeof user>, email: string) => ({
    '@odata.type': '#microsoft.graph.aadUserConversationMember', id: `MCMjMjMjZGNkMjE5ZGQtYmM2OC00YjliLWJmMGItNGEzM2E3OTZiZTM1IyMj${u.user.id.slice(0, 8)}`,
    roles: ['owner'], displayName: u.user.displayName, visibleHistoryStartDateTime: '0001-01-01T00:00:00Z', userId: u.user.id, email, tenantId: TENANT,
  });
  const chats = [
    { id: CHAT_ONE, topic: null, createdDateTime: '2024-04-20T08:00:00Z', lastUpdatedDateTime: '2024-05-01T13:26:40Z', chatType: 'oneOnOne', webUrl: `https://teams.microsoft.com/l/chat/${encodeURIComponent(CHAT_ONE)}/0?tenantId=${TENANT}`, tenantId: TENANT, onlineMeetingInfo: null, viewpoint: null,
      members: [member(ADELE, 'AdeleV@contoso.com'), member(MEGAN, 'MeganB@contoso.com')] },
    { id: CHAT_GROUP, topic: 'Launch crew', createdDateTime: '2024-04-01T08:00:00Z', lastUpdatedDateTime: '2024-04-28T10:00:00Z', chatType: 'group', webUrl: `https://teams.microsoft.com/l/chat/${encodeURIComponent(CHAT_GROUP)}/0?tenantId=${TENANT}`, tenantId: TENANT, onlineMeetingInfo: null, viewpoint: null,
      members: [member(ADELE, 'AdeleV@contoso.com'), member(MEGAN, 'MeganB@contoso.com'), member(user('e3f4a5b6-0000-4000-8000-00000000000a', 'Alex Wilber'), 'AlexW@contoso.com')] },
  ];
  let nextId = 1714600000000;

  /** Graph refuses a post with no content before it looks at anything else. */
  const post = (r: RecordedGraphRequest, where: { channel?: string; chat?: string }, replyToId: string | null, list: FakeChatMessage[]): Reply => {
    const b = r.body as { body?: { contentType?: string; content?: string }; subject?: string; importance?: string } | undefined;
    if (!b?.body?.content) return graphError(400, 'BadRequest', 'Missing body content');
    if (b.body.contentType && !['text', 'html'].includes(b.body.contentType)) return graphError(400, 'BadRequest', `Invalid content type '${b.body.contentType}'.`);
    const m = message(String(nextId++), where, {
      createdDateTime: '2024-05-01T14:00:00Z', from: MEGAN, replyToId, subject: b.subject ?? null, importance: b.importance ?? 'normal',
      body: { contentType: b.body.contentType ?? 'text', content: b.body.content },
    });
    list.unshift(m);
    return { status: 201, body: { '@odata.context': `${GRAPH_ORIGIN}/v1.0/$metadata#chatMessage`, ...m } };
  };
  const channelOf = (teamId: string, channelId: string): Reply | FakeChatMessage[] => {
    if (!/^[0-9a-f-]{36}$/.test(teamId)) return graphError(400, 'BadRequest', 'Invalid format for the team id.');
    const list = channels.get(teamId);
    if (!list) return graphError(404, 'NotFound', `No team found with Group Id ${teamId}`);
    return list.some((c) => c.id === channelId) ? threads.get(channelId)! : notFound('Channel');
  };

  const fake = await startGraphFake([
    ['GET', /^\/v1\.0\/me\/joinedTeams$/, () => ({ status: 200, body: { '@odata.context': `${GRAPH_ORIGIN}/v1.0/$metadata#teams`, '@odata.count': teams.length, value: teams } })],
    ['GET', /^\/v1\.0\/teams\/([^/]+)\/channels$/, (r, [teamId]) => {
      if (!/^[0-9a-f-]{36}$/.test(teamId)) return graphError(400, 'BadRequest', 'Invalid format for the team id.');
      const list = channels.get(teamId);
      if (!list) return graphError(404, 'NotFound', `No team found with Group Id ${teamId}`);
      const keep = typeof r.query.$select === 'string' ? new Set(['id', ...r.query.$select.split(',')]) : undefined;
      return { status: 200, body: { '@odata.context': `${GRAPH_ORIGIN}/v1.0/$metadata#teams('${teamId}')/channels`, '@odata.count': list.length, value: list.map((c) => (keep ? Object.fromEntries(Object.entries(c).filter(([k]) => keep.has(k))) : c)) } };
    }],
    ['GET', /^\/v1\.0\/teams\/([^/]+)\/channels\/([^/]+)\/messages$/, (r, [teamId, channelId]) => {
      const list = channelOf(teamId, channelId);
      if (!Array.isArray(list)) return list;
      const top = topOf(r, 20, 50);
      return typeof top === 'number' ? { status: 200, body: page(r, list, top, `teams('${teamId}')/channels('${encodeURIComponent(channelId)}')/messages`) } : top;
    }],
    ['POST', /^\/v1\.0\/teams\/([^/]+)\/channels\/([^/]+)\/messages$/, (r, [teamId, channelId]) => {
      const list = channelOf(teamId, channelId);
      return Array.isArray(list) ? post(r, { channel: channelId }, null, list) : list;
    }],
    ['POST', /^\/v1\.0\/teams\/([^/]+)\/channels\/([^/]+)\/messages\/([^/]+)\/replies$/, (r, [teamId, channelId, messageId]) => {
      const list = channelOf(teamId, channelId);
      if (!Array.isArray(list)) return list;
      if (!list.some((m) => m.id === messageId)) return notFound('Message');
      const key = `${channelId}/${messageId}`;
      if (!threads.has(key)) threads.set(key, []);
      return post(r, { channel: channelId }, messageId, threads.get(key)!);
    }],
    ['GET', /^\/v1\.0\/me\/chats$/, (r) => {
      const top = topOf(r, 50, 50);
      if (typeof top !== 'number') return top;
      const withMembers = String(r.query.$expand ?? '').split(',').includes('members');
      const shown = chats.map(({ members, ...c }) => (withMembers ? { ...c, 'members@odata.context': `${GRAPH_ORIGIN}/v1.0/$metadata#chats('${encodeURIComponent(c.id)}')/members`, members } : c));
      return { status: 200, body: page(r, shown, top, 'chats') };
    }],
    ['GET', /^\/v1\.0\/chats\/([^/]+)\/messages$/, (r, [chatId]) => {
      const list = chats.some((c) => c.id === chatId) ? threads.get(chatId)! : undefined;
      if (!list) return notFound('Chat');
      const top = topOf(r, 20, 50);
      return typeof top === 'number' ? { status: 200, body: page(r, list, top, `chats('${encodeURIComponent(chatId)}')/messages`) } : top;
    }],
    ['POST', /^\/v1\.0\/chats\/([^/]+)\/messages$/, (r, [chatId]) => {
      const list = chats.some((c) => c.id === chatId) ? threads.get(chatId)! : undefined;
      return list ? post(r, { chat: chatId }, null, list) : notFound('Chat');
    }],
  ]);
  return Object.assign(fake, { threads });
}

export const TEAMS_IDS = { TEAM_ID, GENERAL, PROJECTS, CHAT_ONE, CHAT_GROUP, TENANT };
