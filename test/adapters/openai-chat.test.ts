import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { DIALECTS } from '../helpers/test-server.js';
import { secret } from '../helpers/test-utils.js';
import { startOpenAiFake, type OpenAiFake } from '../fakes/openai-api.js';
import { summarizeUnreadEmails } from '../../examples/openai-chat/agent.js';
import { runExampleMain, scalekitEnv } from './run-example.js';
import {
  accountStatus, CONNECTION, EXPIRED_MESSAGE, expectSeedSearchReachedGmail, gmailDefinitions, linkIn, SEED_INPUT, startAdapterEnv, subjectsIn, UNREAD_SUBJECTS, USER, type AdapterEnv,
} from './adapter-env.js';

/**
 * examples/openai-chat, run as written: the real OpenAI client against a loopback Chat
 * Completions API whose model is scripted (call gmail_fetch_mails; then summarise the tool
 * message, or relay it when it is not mail), the tools and their execution from @latchkey/ai.
 */
const NOT_MAIL = /^(The user's account|gmail_get_message failed)/;
const MISSING_MAIL = 'Read email 0123456789abcdef';

for (const dialect of DIALECTS) {
  describe(`examples/openai-chat with @latchkey/ai (${dialect.name})`, () => {
    let a: AdapterEnv;
    let model: OpenAiFake;
    let openai: OpenAI;
    beforeAll(async () => {
      a = await startAdapterEnv(dialect);
      model = await startOpenAiFake(({ conversation }) => {
        const last = conversation.at(-1);
        const missing = conversation[1].content === MISSING_MAIL;
        if (last.role === 'tool') return { text: NOT_MAIL.test(last.content) ? `I could not read your mail: ${last.content}` : `Unread: ${subjectsIn(last.content).join('; ')}` };
        if (missing) return { calls: [{ id: 'call_get1', name: 'gmail_get_message', arguments: JSON.stringify({ message_id: '0123456789abcdef' }) }] };
        return { calls: [{ id: 'call_fetch1', name: 'gmail_fetch_mails', arguments: JSON.stringify(SEED_INPUT) }] };
      });
      openai = new OpenAI({ apiKey: secret('sk-test'), baseURL: model.baseURL });
    });
    afterAll(async () => {
      await a?.close();
      await model?.close();
    });
    beforeEach(() => { a.gmail.requests.length = 0; });
    afterEach(() => { model.requests.length = 0; });

    it("offers the user's Gmail tools as function tools, runs the tool_calls through Latchkey and sends tool messages back", async () => {
      const { text, messages } = await summarizeUnreadEmails({ scalekit: a.env.sdk, identifier: USER, connectionName: CONNECTION, openai });

      expect(model.requests.map((r) => r.path)).toEqual(['/v1/chat/completions', '/v1/chat/completions']);
      expect(model.requests[0].body.tools).toEqual(gmailDefinitions.map((d) => ({ type: 'function', function: { name: d.name, description: d.description, parameters: d.input_schema } })));
      expectSeedSearchReachedGmail(a);
      expect(messages.map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant']);
      expect(messages[2]).toMatchObject({ tool_calls: [{ id: 'call_fetch1', type: 'function', function: { name: 'gmail_fetch_mails' } }] });
      expect(messages[3]).toMatchObject({ role: 'tool', tool_call_id: 'call_fetch1' });
      expect(subjectsIn(messages[3].content as string)).toEqual(UNREAD_SUBJECTS);
      // The second request was that conversation, accepted by the API's checks.
      expect(model.requests[1].body.messages).toEqual(JSON.parse(JSON.stringify(messages.slice(0, 4))));
      expect(text).toBe('Unread: Q3 planning notes; Café invoice');
    });

    it('answers a provider failure (TOOL_ERROR) with a short tool message the model reads, and the loop goes on', async () => {
      const { text, messages } = await summarizeUnreadEmails({ scalekit: a.env.sdk, identifier: USER, connectionName: CONNECTION, openai, prompt: MISSING_MAIL });

      expect(a.gmail.requests.map((r) => r.path)).toEqual(['/gmail/v1/users/me/messages/0123456789abcdef']);
      expect(messages[3]).toMatchObject({ role: 'tool', tool_call_id: 'call_get1', content: expect.stringMatching(/^gmail_get_message failed: .+/) });
      expect((messages[3].content as string).length).toBeLessThan(300);
      expect(text).toBe(`I could not read your mail: ${messages[3].content}`);
    });

    it('main.ts runs the loop with clients built from the environment and prints the answer', async () => {
      const run = await runExampleMain('openai-chat', { ...scalekitEnv(a.env.server.url, a.env.client), OPENAI_API_KEY: secret('sk-test'), OPENAI_BASE_URL: model.baseURL });
      expect(run).toMatchObject({ code: 0, stdout: 'Unread: Q3 planning notes; Café invoice\n' });
      expectSeedSearchReachedGmail(a);
    });

    it('answers a tool call on an account that is no longer ACTIVE with a tool message carrying a fresh link', async () => {
      const user = await a.lapsingUser();
      const { text, messages } = await summarizeUnreadEmails({ scalekit: a.env.sdk, identifier: user.identifier, connectionName: CONNECTION, openai });

      expect(a.gmail.requests).toEqual([]);
      expect(messages[3]).toMatchObject({ role: 'tool', tool_call_id: 'call_fetch1', content: expect.stringMatching(EXPIRED_MESSAGE) });
      const link = linkIn(a, messages[3].content as string);
      expect(text).toContain(link);
      expect(await accountStatus(a, user.accountId)).toBe('EXPIRED');
    });
  });
}
