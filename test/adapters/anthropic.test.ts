import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import Anthropic from '@anthropic-ai/sdk';
import { DIALECTS } from '../helpers/test-server.js';
import { secret } from '../helpers/test-utils.js';
import { startAnthropicFake, type AnthropicFake } from '../fakes/anthropic-messages.js';
import { summarizeUnreadEmails } from '../../examples/anthropic/agent.js';
import { runExampleMain, scalekitEnv } from './run-example.js';
import {
  accountStatus, CONNECTION, EXPIRED_MESSAGE, expectSeedSearchReachedGmail, gmailDefinitions, linkIn, SEED_INPUT, startAdapterEnv, subjectsIn, UNREAD_SUBJECTS, USER, type AdapterEnv,
} from './adapter-env.js';

/**
 * examples/anthropic, run as written: the real Anthropic client against a loopback Messages API
 * whose model is scripted (fetch unread mail when offered the tool; then summarise the result,
 * or relay a failed result), the tools and their execution from @latchkey/ai against Latchkey.
 */
for (const dialect of DIALECTS) {
  describe(`examples/anthropic with @latchkey/ai (${dialect.name})`, () => {
    let a: AdapterEnv;
    let model: AnthropicFake;
    let anthropic: Anthropic;
    beforeAll(async () => {
      a = await startAdapterEnv(dialect);
      model = await startAnthropicFake((body) => {
        const last = body.messages.at(-1);
        const result = Array.isArray(last.content) ? last.content.find((b: any) => b.type === 'tool_result') : undefined;
        if (result?.is_error) return { stop_reason: 'end_turn', content: [{ type: 'text', text: `I could not read your mail: ${result.content}`, citations: null }] };
        if (result) return { stop_reason: 'end_turn', content: [{ type: 'text', text: `Unread: ${subjectsIn(result.content).join('; ')}`, citations: null }] };
        return {
          stop_reason: 'tool_use',
          content: [{ type: 'tool_use', id: `toolu_${body.messages.length}`, name: 'gmail_fetch_mails', input: SEED_INPUT, caller: { type: 'direct' } }],
        };
      });
      anthropic = new Anthropic({ apiKey: secret('sk-ant-test'), baseURL: model.url });
    });
    afterAll(async () => {
      await a?.close();
      await model?.close();
    });
    beforeEach(() => { a.gmail.requests.length = 0; });
    afterEach(() => { model.requests.length = 0; });

    it("offers the user's Gmail tools, runs the model's tool_use through Latchkey and feeds back a tool_result", async () => {
      const { text, messages } = await summarizeUnreadEmails({ scalekit: a.env.sdk, identifier: USER, connectionName: CONNECTION, anthropic });

      expect(model.requests).toHaveLength(2);
      expect(model.requests[0].body.tools).toEqual(gmailDefinitions.map((d) => ({ name: d.name, description: d.description, input_schema: d.input_schema })));
      expect(model.requests[0].body.messages).toEqual([{ role: 'user', content: 'Summarize my last 5 unread emails' }]);
      expectSeedSearchReachedGmail(a);
      const results = (messages[2].content as any[]);
      expect(results).toHaveLength(1);
      expect(results[0]).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_1' });
      expect(results[0].is_error).toBeUndefined();
      expect(subjectsIn(results[0].content)).toEqual(UNREAD_SUBJECTS);
      // The second request carried exactly that conversation, and the model's answer ends the loop.
      expect(model.requests[1].body.messages).toEqual(messages.slice(0, 3));
      expect(text).toBe('Unread: Q3 planning notes; Café invoice');
    });

    it('main.ts runs the loop with clients built from the environment and prints the answer', async () => {
      const run = await runExampleMain('anthropic', { ...scalekitEnv(a.env.server.url, a.env.client), ANTHROPIC_API_KEY: secret('sk-ant-test'), ANTHROPIC_BASE_URL: model.url });
      expect(run).toMatchObject({ code: 0, stdout: 'Unread: Q3 planning notes; Café invoice\n' });
      expectSeedSearchReachedGmail(a);
    });

    it('answers a tool_use on an account that is no longer ACTIVE with an is_error result carrying a fresh link', async () => {
      const user = await a.lapsingUser();
      const { text, messages } = await summarizeUnreadEmails({ scalekit: a.env.sdk, identifier: user.identifier, connectionName: CONNECTION, anthropic });

      expect(a.gmail.requests).toEqual([]);
      const [result] = messages[2].content as any[];
      expect(result).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_1', is_error: true, content: expect.stringMatching(EXPIRED_MESSAGE) });
      const link = linkIn(a, result.content);
      expect(text).toBe(`I could not read your mail: ${result.content}`);
      expect(text).toContain(link);
      expect(await accountStatus(a, user.accountId)).toBe('EXPIRED');
    });
  });
}
