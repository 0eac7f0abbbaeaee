import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ToolSpec } from '../../src/modules/tools/definition/tool-spec.js';
import { tools } from '../../src/modules/tools/catalog/slack/index.js';
import { addReaction } from '../../src/modules/tools/catalog/slack/add-reaction.js';
import { createChannel } from '../../src/modules/tools/catalog/slack/create-channel.js';
import { fetchChannelHistory } from '../../src/modules/tools/catalog/slack/fetch-channel-history.js';
import { fetchThreadReplies } from '../../src/modules/tools/catalog/slack/fetch-thread-replies.js';
import { getUser } from '../../src/modules/tools/catalog/slack/get-user.js';
import { listChannels } from '../../src/modules/tools/catalog/slack/list-channels.js';
import { searchMessages } from '../../src/modules/tools/catalog/slack/search-messages.js';
import { sendMessage } from '../../src/modules/tools/catalog/slack/send-message.js';
import { fakeContext, runTool, expectConnectorShape, toolFailure } from '../helpers/tool-harness.js';
import { startSlackFake, type SlackFake } from '../fakes/providers/slack.js';
import { slackSamples as samples } from './samples/slack.js';

const TOKEN = 'xoxp-1234-test';
let fake: SlackFake;
const ctx = () => fakeContext(fake.url, TOKEN);

const failure = (spec: ToolSpec, input: unknown, context = ctx()) => toolFailure(spec, input, context);

beforeAll(async () => { fake = await startSlackFake(); });
afterAll(async () => { await fake.close(); });

describe('slack tools', () => {
  it('lists the connector\'s tools with unique names and definitions within the 2 KB budget', () => {
    expectConnectorShape(tools, { provider: 'slack', names: ['slack_send_message', 'slack_list_channels', 'slack_fetch_channel_history', 'slack_create_channel', 'slack_get_user', 'slack_add_reaction'], match: 'includes', strictInput: false });
  });

  it('slack_send_message posts JSON to chat.postMessage with the bearer token (the seed\'s sample input)', async () => {
    const out = await runTool(sendMessage, samples.slack_send_message.input, ctx());
    const req = fake.last();
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/api/chat.postMessage');
    expect(req.query).toEqual({});
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.headers['content-type']).toBe('application/json');
    expect(req.body).toEqual({ channel: '#general', text: 'Hello' });
    expect(out).toEqual({ channel: 'C012AB3CD', ts: expect.stringMatching(/^\d+\.\d+$/), text: 'Hello' });
  });

  it('slack_send_message replies in a thread', async () => {
    await runTool(sendMessage, { channel: 'C012AB3CD', text: 'On it', thread_ts: '1512085950.000216' }, ctx());
    expect(fake.last().body).toEqual({ channel: 'C012AB3CD', text: 'On it', thread_ts: '1512085950.000216' });
  });

  it('slack_list_channels sends types/exclude_archived/limit and returns trimmed channels with a cursor', async () => {
    const first = await runTool(listChannels, samples.slack_list_channels.input, ctx());
    const req = fake.last();
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/api/conversations.list');
    expect(req.query).toEqual({ types: 'public_channel,private_channel', exclude_archived: 'true', limit: '2' });
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.body).toBeUndefined();
    expect(first.channels).toEqual([
      { id: 'C012AB3CD', name: 'general', is_private: false, is_archived: false, is_member: true, num_members: 23,
        topic: 'Company-wide announcements and work-based matters', purpose: 'This channel is for team-wide communication and announcements.' },
      { id: 'C061EG9T2', name: 'random', is_private: false, is_archived: false, is_member: false, num_members: 19,
        topic: '', purpose: 'Non-work banter and water cooler conversation' },
    ]);
    expect(first.next_cursor).toEqual(expect.any(String));

    const second = await runTool(listChannels, { types: ['public_channel', 'private_channel'], limit: 2, cursor: first.next_cursor }, ctx());
    expect(fake.last().query.cursor).toBe(first.next_cursor);
    expect(second.channels.map((c: { name: string }) => c.name)).toEqual(['design-private']);
    expect(second.next_cursor).toBeNull();
  });

  it('slack_list_channels defaults to public channels and can include archived ones', async () => {
    const out = await runTool(listChannels, { include_archived: true }, ctx());
    expect(fake.last().query).toEqual({ types: 'public_channel', exclude_archived: 'false', limit: '100' });
    expect(out.channels.map((c: { name: string }) => c.name)).toEqual(['general', 'random', 'old-launch']);
    expect(out.next_cursor).toBeNull();
  });

  it('slack_fetch_channel_history reads conversations.history and shapes messages', async () => {
    const out = await runTool(fetchChannelHistory, samples.slack_fetch_channel_history.input, ctx());
    const req = fake.last();
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/api/conversations.history');
    expect(req.query).toEqual({ channel: 'C012AB3CD', oldest: '1512085000', latest: '1512104434.000490', limit: '5' });
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(out).toEqual({
      messages: [
        { ts: '1512085950.000216', user: 'U0G9QF9C6', text: 'Who is on call this weekend?', thread_ts: '1512085950.000216', reply_count: 2 },
        { ts: '1512085000.000100', user: 'W012A3BCD', text: 'Welcome to the team!', thread_ts: null, reply_count: 0 },
      ],
      next_cursor: null,
    });
  });

  it('slack_fetch_thread_replies reads conversations.replies with ts', async () => {
    const out = await runTool(fetchThreadReplies, samples.slack_fetch_thread_replies.input, ctx());
    const req = fake.last();
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/api/conversations.replies');
    expect(req.query).toEqual({ channel: 'C012AB3CD', ts: '1512085950.000216', limit: '50' });
    expect(out.messages.map((m: { text: string }) => m.text)).toEqual(['Who is on call this weekend?', 'I am, ping me if the pager fires.', 'Thanks!']);
    expect(out.next_cursor).toBeNull();
  });

  it('slack_search_messages pages by number and returns matches with permalinks', async () => {
    const out = await runTool(searchMessages, samples.slack_search_messages.input, ctx());
    const req = fake.last();
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/api/search.messages');
    expect(req.query).toEqual({ query: 'we', sort: 'score', sort_dir: 'desc', count: '1', page: '1' });
    expect(out.matches).toEqual([{
      ts: '1512085950.000216', user: 'U0G9QF9C6', text: 'Who is on call this weekend?', channel_id: 'C012AB3CD', channel_name: 'general',
      permalink: 'https://example.slack.com/archives/C012AB3CD/p1512085950000216',
    }]);
    expect(out.next_cursor).toBe('2');
    const last = await runTool(searchMessages, { query: 'we', limit: 1, sort: 'timestamp', cursor: '2' }, ctx());
    expect(fake.last().query).toEqual({ query: 'we', sort: 'timestamp', sort_dir: 'desc', count: '1', page: '2' });
    expect(last.matches.map((m: { text: string }) => m.text)).toEqual(['Welcome to the team!']);
    expect(last.next_cursor).toBeNull();
  });

  it('slack_get_user reads users.info and returns the profile essentials', async () => {
    const out = await runTool(getUser, samples.slack_get_user.input, ctx());
    const req = fake.last();
    expect(req.method).toBe('GET');
    expect(req.path).toBe('/api/users.info');
    expect(req.query).toEqual({ user: 'U0G9QF9C6' });
    expect(out).toEqual({
      id: 'U0G9QF9C6', name: 'spengler', real_name: 'Egon Spengler', display_name: 'spengler', title: 'Parapsychologist',
      email: 'spengler@ghostbusters.example.com', tz: 'America/New_York', is_bot: false, deleted: false,
    });
    const noEmail = await runTool(getUser, { user: 'W012A3BCD' }, ctx());
    expect(noEmail.email).toBeNull();
  });

  it('slack_create_channel posts conversations.create and returns the new channel', async () => {
    const out = await runTool(createChannel, samples.slack_create_channel.input, ctx());
    const req = fake.last();
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/api/conversations.create');
    expect(req.body).toEqual({ name: 'incident-42', is_private: true });
    expect(out).toEqual({ id: expect.stringMatching(/^C0/), name: 'incident-42', is_private: true, created: expect.any(Number) });

    const again = await failure(createChannel, { name: 'incident-42' });
    expect(fake.last().body).toEqual({ name: 'incident-42', is_private: false });
    expect(again.providerCode).toBe('name_taken');
    expect(again.message).toBe('Slack error name_taken: a channel with that name already exists');
  });

  it('slack_add_reaction posts reactions.add; a repeat names already_reacted', async () => {
    const out = await runTool(addReaction, samples.slack_add_reaction.input, ctx());
    const req = fake.last();
    expect(req.method).toBe('POST');
    expect(req.path).toBe('/api/reactions.add');
    expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(req.body).toEqual({ channel: 'C012AB3CD', timestamp: '1512104434.000490', name: 'thumbsup' });
    expect(out).toEqual({ ok: true });
    const again = await failure(addReaction, { channel: 'C012AB3CD', timestamp: '1512104434.000490', name: 'thumbsup' });
    expect(again.providerCode).toBe('already_reacted');
  });

  it('maps ok:false to a ToolFailure naming the code, without the raw payload', async () => {
    const err = await failure(fetchChannelHistory, { channel: 'C999NOPE9' });
    expect(err.providerCode).toBe('channel_not_found');
    expect(err.status).toBe(200);
    expect(err.message).toMatch(/^Slack error channel_not_found: no such channel/);
    expect(err.message).not.toContain('"ok"');

    const archived = await failure(sendMessage, { channel: '#old-launch', text: 'anyone?' });
    expect(archived.providerCode).toBe('is_archived');
  });

  it('maps missing_scope to 403 naming the needed scope, and a revoked token to 401', async () => {
    fake.scopes.delete('search:read');
    try {
      const err = await failure(searchMessages, { query: 'deploy' });
      expect(err.status).toBe(403);
      expect(err.providerCode).toBe('missing_scope');
      expect(err.message).toContain('(needs search:read)');
    } finally {
      fake.scopes.add('search:read');
    }
    const revoked = await failure(getUser, { user: 'U0G9QF9C6' }, fakeContext(fake.url, 'xoxp-revoked'));
    expect(revoked.status).toBe(401);
    expect(revoked.providerCode).toBe('token_revoked');
    expect(revoked.message).not.toContain('xoxp-revoked');
  });
});
