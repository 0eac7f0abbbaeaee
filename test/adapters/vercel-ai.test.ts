import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MockLanguageModelV1 } from 'ai/test';
import { DIALECTS } from '../helpers/test-server.js';
import { summarizeUnreadEmails } from '../../examples/vercel-ai/agent.js';
import {
  accountStatus, CONNECTION, EXPIRED_MESSAGE, expectSeedSearchReachedGmail, gmailDefinitions, linkIn, SEED_INPUT, startAdapterEnv, UNREAD_SUBJECTS, USER, type AdapterEnv,
} from './adapter-env.js';

type CallOptions = Parameters<MockLanguageModelV1['doGenerate']>[0];

/**
 * examples/vercel-ai, run as written: generateText with the `ai` package's own mock model,
 * scripted to call gmail_fetch_mails and then answer from the tool result it is fed.
 */
function scriptedModel(calls: CallOptions[]) {
  const usage = { promptTokens: 10, completionTokens: 5 };
  const rawCall = { rawPrompt: null, rawSettings: {} };
  return new MockLanguageModelV1({
    doGenerate: async (options) => {
      calls.push(options);
      const fed = options.prompt.find((m) => m.role === 'tool')?.content[0];
      if (!fed) return { rawCall, usage, finishReason: 'tool-calls', toolCalls: [{ toolCallType: 'function', toolCallId: 'call_1', toolName: 'gmail_fetch_mails', args: JSON.stringify(SEED_INPUT) }] };
      const result = fed.result as any;
      return { rawCall, usage, finishReason: 'stop', text: result.error ? `I could not read your mail: ${result.message}` : `Unread: ${result.messages.map((m: any) => m.subject).join('; ')}` };
    },
  });
}

for (const dialect of DIALECTS) {
  describe(`examples/vercel-ai with @latchkey/ai (${dialect.name})`, () => {
    let a: AdapterEnv;
    beforeAll(async () => { a = await startAdapterEnv(dialect); });
    afterAll(async () => { await a?.close(); });
    beforeEach(() => { a.gmail.requests.length = 0; });

    it("offers the user's Gmail tools, executes the model's tool call through Latchkey and feeds the data back", async () => {
      const calls: CallOptions[] = [];
      const out = await summarizeUnreadEmails({ scalekit: a.env.sdk, identifier: USER, connectionName: CONNECTION, model: scriptedModel(calls) });

      const offered = calls[0].mode.type === 'regular' ? calls[0].mode.tools ?? [] : [];
      expect(offered.map((t) => (t.type === 'function' ? [t.name, t.description, t.parameters] : [t.type]))).toEqual(
        gmailDefinitions.map((d) => [d.name, d.description, d.input_schema]),
      );
      expectSeedSearchReachedGmail(a);
      expect(calls).toHaveLength(2);
      const fed = calls[1].prompt.find((m) => m.role === 'tool')!.content[0];
      expect(fed).toMatchObject({ type: 'tool-result', toolCallId: 'call_1', toolName: 'gmail_fetch_mails' });
      expect((fed.result as any).messages.map((m: any) => m.subject)).toEqual(UNREAD_SUBJECTS);
      expect(out.steps[0].toolResults[0]).toMatchObject({ toolName: 'gmail_fetch_mails', args: SEED_INPUT });
      expect(out.text).toBe('Unread: Q3 planning notes; Café invoice');
    });

    it('answers a tool call on an account that is no longer ACTIVE with a not_connected result carrying a fresh link', async () => {
      const user = await a.lapsingUser();
      const calls: CallOptions[] = [];
      const out = await summarizeUnreadEmails({ scalekit: a.env.sdk, identifier: user.identifier, connectionName: CONNECTION, model: scriptedModel(calls) });

      expect(a.gmail.requests).toEqual([]);
      const fed = calls[1].prompt.find((m) => m.role === 'tool')!.content[0];
      const result = fed.result as { error: string; message: string; authorization_link: string };
      expect(result).toMatchObject({ error: 'not_connected', message: expect.stringMatching(EXPIRED_MESSAGE) });
      expect(result.authorization_link).toBe(linkIn(a, result.message));
      expect(out.text).toContain(result.authorization_link);
      expect(await accountStatus(a, user.accountId)).toBe('EXPIRED');
    });
  });
}
