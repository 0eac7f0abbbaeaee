import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ToolSpec } from '../../src/modules/tools/definition/tool-spec.js';
import { tools } from '../../src/modules/tools/catalog/microsoft_teams/index.js';
import { listChannelMessages } from '../../src/modules/tools/catalog/microsoft_teams/list-channel-messages.js';
import { listChannels } from '../../src/modules/tools/catalog/microsoft_teams/list-channels.js';
import { listChatMessages } from '../../src/modules/tools/catalog/microsoft_teams/list-chat-messages.js';
import { listChats } from '../../src/modules/tools/catalog/microsoft_teams/list-chats.js';
import { listTeams } from '../../src/modules/tools/catalog/microsoft_teams/list-teams.js';
import { replyToChannelMessage } from '../../src/modules/tools/catalog/microsoft_teams/reply-to-channel-message.js';
import { sendChannelMessage } from '../../src/modules/tools/catalog/microsoft_teams/send-channel-message.js';
import { sendChatMessage } from '../../src/modules/tools/catalog/microsoft_teams/send-chat-message.js';
import { fakeContext, runTool, expectConnectorShape, toolFailure, acceptsInput } from '../helpers/tool-harness.js';
import { startTeamsFake, TEAMS_IDS, type TeamsFake } from '../fakes/providers/microsoft_teams.js';
import { microsoftTeamsSamples as samples } from './samples/microsoft_teams.js';

const TOKEN = 'EwBwA8l6BAAU-teams-test-token';
const { TEAM_ID, GENERAL, PROJECTS, CHAT_ONE, CHAT_GROUP, TENANT } = TEAMS_IDS;
const enc = encodeURIComponent;
let fake: TeamsFake;
const ctx = () => fakeContext(fake.url, TOKEN);

const failure = (spec: ToolSpec, input: unknown, context = ctx()) => toolFailure(spec, input, context);

beforeEach(async () => { fake = await startTeamsFake(); });
afterEach(async () => { await fake.close(); });

describe('microsoft_teams tools', () => {
  it('has the expected names, strict inputs, honest annotations and definitions within the 2 KB budget', () => {
    expectConnectorShape(tools, {
      provider: 'microsoft_teams',
      names: [
        'microsoft_teams_list_teams', 'microsoft_teams_list_channels', 'microsoft_teams_list_channel_messages', 'microsoft_teams_send_channel_message',
        'microsoft_teams_reply_to_channel_message', 'microsoft_teams_list_chats', 'microsoft_teams_list_chat_messages', 'microsoft_teams_send_chat_message',
      ],
    });
    for (const t of tools) {
      expect(t.annotations, t.definition.name).toEqual(t.annotations.readOnly
        ? { readOnly: true, destructive: false, idempotent: true }
        : { readOnly: false, destructive: false, idempotent: false });
    }
    expect(tools.filter((t) => !t.annotations.readOnly).map((t) => t.definition.name)).toEqual([
      'microsoft_teams_send_channel_message', 'microsoft_teams_reply_to_channel_message', 'microsoft_teams_send_chat_message',
    ]);
  });

  it('microsoft_teams_list_teams reads joinedTeams and pages the whole answer locally', async () => {
    const first = await runTool(listTeams, samples.microsoft_teams_list_teams.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: '/v1.0/me/joinedTeams', query: {}, body: undefined });
    expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(first).toEqual({
      teams: [{ id: TEAM_ID, name: 'Contoso Team', description: 'This is a Contoso team, used to showcase the range of properties supported by this API', is_archived: false }],
      next_cursor: '1',
    });
    const second = await runTool(listTeams, { limit: 1, cursor: '1' }, ctx());
    expect(second).toEqual({ teams: [{ id: 'c1e8e1a2-4f3b-4d2a-9b7e-2f1a3c4d5e6f', name: 'Mark 8 Project Team', description: '', is_archived: true }], next_cursor: null });
    expect((await failure(listTeams, { cursor: 'abc' })).message).toMatch(/^cursor is invalid/);
  });

  it('microsoft_teams_list_channels selects the fields it shows; an unknown team is a 404 naming Graph\'s code', async () => {
    const out = await runTool(listChannels, samples.microsoft_teams_list_channels.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: `/v1.0/teams/${TEAM_ID}/channels`, query: { $select: 'id,displayName,description,membershipType,webUrl' } });
    expect(out).toEqual({
      channels: [
        { id: GENERAL, name: 'General', description: 'Auto-generated channel for team members.', membership: 'standard',
          web_url: `https://teams.microsoft.com/l/channel/${enc(GENERAL)}/General?groupId=${TEAM_ID}&tenantId=${TENANT}` },
        { id: PROJECTS, name: 'Projects', description: '', membership: 'private', web_url: `https://teams.microsoft.com/l/channel/${enc(PROJECTS)}/Projects?groupId=${TEAM_ID}&tenantId=${TENANT}` },
      ],
      next_cursor: null,
    });
    const missing = await failure(listChannels, { team_id: '00000000-0000-0000-0000-000000000000' });
    expect([missing.status, missing.providerCode, missing.message]).toEqual([404, 'NotFound', 'team 00000000-0000-0000-0000-000000000000 not found: No team found with Group Id 00000000-0000-0000-0000-000000000000']);
    const malformed = await failure(listChannels, { team_id: 'Contoso Team' });
    expect([malformed.status, malformed.providerCode]).toEqual([400, 'BadRequest']);
    expect(fake.last().path).toBe('/v1.0/teams/Contoso%20Team/channels');
  });

  it('microsoft_teams_list_channel_messages gives text (not Teams HTML), skips system events, and pages with $skiptoken', async () => {
    const first = await runTool(listChannelMessages, samples.microsoft_teams_list_channel_messages.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: `/v1.0/teams/${TEAM_ID}/channels/${enc(GENERAL)}/messages`, query: { $top: '2' } });
    expect(first.messages).toEqual([
      { id: '1714564800000', created_at: '2024-05-01T12:00:00Z', from: 'Adele Vance', text: 'Release 2.3\n\nRelease 2.3 ships on Friday.\nThanks Megan Bowen & team!' },
      { id: '1714478400000', created_at: '2024-04-30T12:00:00Z', from: 'Megan Bowen', text: 'Standup moved to 10:00.' },
    ]);
    expect(first.next_cursor).toMatch(new RegExp(`^/v1\\.0/teams/${TEAM_ID}/channels/${enc(GENERAL).replace(/[.%]/g, '\\$&')}/messages\\?%24top=2&%24skiptoken=`));
    const second = await runTool(listChannelMessages, { team_id: TEAM_ID, channel_id: GENERAL, cursor: first.next_cursor }, ctx());
    expect(Object.keys(fake.last().query)).toEqual(['$top', '$skiptoken']);
    expect(second).toEqual({ messages: [], next_cursor: null });

    const missing = await failure(listChannelMessages, { team_id: TEAM_ID, channel_id: '19:nope@thread.tacv2' });
    expect([missing.status, missing.providerCode, missing.message]).toEqual([404, 'NotFound', 'channel 19:nope@thread.tacv2 not found: Channel not found']);
    expect((await failure(listChannelMessages, { team_id: TEAM_ID, channel_id: GENERAL, cursor: '/v1.0/me/chats?$top=2' })).message).toMatch(/^cursor is invalid/);
    expect(acceptsInput(listChannelMessages, { team_id: TEAM_ID, channel_id: GENERAL, limit: 51 })).toBe(false);
  });

  it('microsoft_teams_send_channel_message posts a text body with subject and importance and returns the new message', async () => {
    const out = await runTool(sendChannelMessage, samples.microsoft_teams_send_channel_message.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'POST', path: `/v1.0/teams/${TEAM_ID}/channels/${enc(GENERAL)}/messages`, query: {} });
    expect(fake.last().headers['content-type']).toBe('application/json');
    expect(fake.last().body).toEqual({ body: { contentType: 'text', content: 'Deploy done ✅' }, subject: 'Deploy', importance: 'high' });
    expect(out).toEqual({
      id: '1714600000000', created_at: '2024-05-01T14:00:00Z',
      web_url: `https://teams.microsoft.com/l/message/${enc(GENERAL)}/1714600000000?groupId=${TEAM_ID}&tenantId=${TENANT}&createdTime=1714600000000&parentMessageId=1714600000000`,
    });
    await runTool(sendChannelMessage, { team_id: TEAM_ID, channel_id: PROJECTS, content: '<b>Kickoff</b>', is_html: true }, ctx());
    expect(fake.last().body).toEqual({ body: { contentType: 'html', content: '<b>Kickoff</b>' } });
    expect(fake.threads.get(PROJECTS)!.map((m) => m.body.content)).toEqual(['<b>Kickoff</b>']);
    expect(acceptsInput(sendChannelMessage, { team_id: TEAM_ID, channel_id: GENERAL, content: '' })).toBe(false);
    expect(acceptsInput(sendChannelMessage, { team_id: TEAM_ID, channel_id: GENERAL, content: 'x', importance: 'low' })).toBe(false);
  });

  it('microsoft_teams_reply_to_channel_message posts to the thread\'s replies; an unknown message is a 404', async () => {
    const out = await runTool(replyToChannelMessage, samples.microsoft_teams_reply_to_channel_message.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'POST', path: `/v1.0/teams/${TEAM_ID}/channels/${enc(GENERAL)}/messages/1714564800000/replies`, body: { body: { contentType: 'text', content: 'Congrats!' } } });
    expect(out.id).toBe('1714600000000');
    expect(fake.threads.get(`${GENERAL}/1714564800000`)!.map((m) => [m.replyToId, m.body.content])).toEqual([['1714564800000', 'Congrats!']]);
    const err = await failure(replyToChannelMessage, { team_id: TEAM_ID, channel_id: GENERAL, message_id: '42', content: 'x' });
    expect([err.status, err.providerCode, err.message]).toEqual([404, 'NotFound', 'reply to message 42 not found: Message not found']);
  });

  it('microsoft_teams_list_chats expands members so a one-on-one chat has names, and pages with the next link', async () => {
    const first = await runTool(listChats, samples.microsoft_teams_list_chats.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: '/v1.0/me/chats', query: { $expand: 'members', $top: '1' } });
    expect(first.chats).toEqual([{
      id: CHAT_ONE, topic: '', chat_type: 'oneOnOne', members: ['Adele Vance', 'Megan Bowen'], last_updated_at: '2024-05-01T13:26:40Z',
      web_url: `https://teams.microsoft.com/l/chat/${enc(CHAT_ONE)}/0?tenantId=${TENANT}`,
    }]);
    const second = await runTool(listChats, { cursor: first.next_cursor }, ctx());
    expect(fake.last().query).toMatchObject({ $expand: 'members', $top: '1' });
    expect(second.chats.map((c: any) => [c.topic, c.chat_type, c.members.length])).toEqual([['Launch crew', 'group', 3]]);
    expect(second.next_cursor).toBeNull();
  });

  it('microsoft_teams_list_chat_messages and send_chat_message read and post in a chat; an unknown chat is a 404', async () => {
    const read = await runTool(listChatMessages, samples.microsoft_teams_list_chat_messages.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: `/v1.0/chats/${enc(CHAT_ONE)}/messages`, query: { $top: '20' } });
    expect(read).toEqual({ messages: [{ id: '1714570000000', created_at: '2024-05-01T13:26:40Z', from: 'Adele Vance', text: 'Lunch at 1?' }], next_cursor: null });

    const sent = await runTool(sendChatMessage, samples.microsoft_teams_send_chat_message.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'POST', path: `/v1.0/chats/${enc(CHAT_GROUP)}/messages`, body: { body: { contentType: 'text', content: 'On my way' } } });
    expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(sent).toEqual({ id: '1714600000000', created_at: '2024-05-01T14:00:00Z', web_url: '' });
    expect(fake.threads.get(CHAT_GROUP)!.map((m) => m.body.content)).toEqual(['On my way']);

    const missing = await failure(sendChatMessage, { chat_id: '19:missing@thread.v2', content: 'hi' });
    expect([missing.status, missing.providerCode, missing.message]).toEqual([404, 'NotFound', 'post to chat 19:missing@thread.v2 not found: Chat not found']);
  });
});
