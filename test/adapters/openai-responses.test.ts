import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { DIALECTS } from '../helpers/test-server.js';
import { secret } from '../helpers/test-utils.js';
import { startOpenAiFake, type OpenAiFake } from '../fakes/openai-api.js';
import { summarizeUnreadEmails } from '../../examples/openai-responses/agent.js';
import { runExampleMain, scalekitEnv } from './run-example.js';
import {
  accountStatus, CONNECTION, EXPIRED_MESSAGE, expectSeedSearchReachedGmail, gmailDefinitions, linkIn, SEED_INPUT, startAdapterEnv, subjectsIn, UNREAD_SUBJECTS, USER, type AdapterEnv,
} from './adapter-env.js';

/**
 * examples/openai-responses, run as written: the real OpenAI client against a loopback Responses
 * API (stored responses, previous_response_id) whose model is scripted, the tools and their
 * execution from @latchkey/ai against Latchkey.
 */
const NOT_MAIL = /^The user's account/;

for (const dialect of DIALECTS) {
  describe(`examples/openai-responses with @latchkey/ai (${dialect.name})`, () => {
    let a: AdapterEnv;
    let model: OpenAiFake;
    let openai: OpenAI;
    beforeAll(async () => {
      a = await startAdapterEnv(dialect);
      model = await startOpenAiFake(({ conversation }) => {
        const last = conversation.at(-1);
        if (last.type === 'function_call_output') {
          return { text: NOT_MAIL.test(last.output) ? `I could not read your mail: ${last.output}` : `Unread: ${subjectsIn(last.output).join('; ')}` };
        }
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

    it("offers the user's Gmail tools as function tools, runs the function_call through Latchkey and sends its output back", async () => {
      const { text, responses } = await summarizeUnreadEmails({ scalekit: a.env.sdk, identifier: USER, connectionName: CONNECTION, openai });

      expect(model.requests.map((r) => r.path)).toEqual(['/v1/responses', '/v1/responses']);
      const [first, second] = model.requests.map((r) => r.body);
      expect(first.tools).toEqual(gmailDefinitions.map((d) => ({ type: 'function', name: d.name, description: d.description, parameters: d.input_schema, strict: false })));
      expect(first.input).toBe('Summarize my last 5 unread emails');
      expect(responses[0].output).toMatchObject([{ type: 'function_call', call_id: 'call_fetch1', name: 'gmail_fetch_mails' }]);
      expectSeedSearchReachedGmail(a);
      expect(second.previous_response_id).toBe(responses[0].id);
      expect(second.input).toHaveLength(1);
      expect(second.input[0]).toMatchObject({ type: 'function_call_output', call_id: 'call_fetch1' });
      expect(subjectsIn(second.input[0].output)).toEqual(UNREAD_SUBJECTS);
      expect(text).toBe('Unread: Q3 planning notes; Café invoice');
    });

    it('main.ts runs the loop with clients built from the environment and prints the answer', async () => {
      const run = await runExampleMain('openai-responses', { ...scalekitEnv(a.env.server.url, a.env.client), OPENAI_API_KEY: secret('sk-test'), OPENAI_BASE_URL: model.baseURL });
      expect(run).toMatchObject({ code: 0, stdout: 'Unread: Q3 planning notes; Café invoice\n' });
      expectSeedSearchReachedGmail(a);
    });

    it('answers a function_call on an account that is no longer ACTIVE with an output carrying a fresh link', async () => {
      const user = await a.lapsingUser();
      const { text } = await summarizeUnreadEmails({ scalekit: a.env.sdk, identifier: user.identifier, connectionName: CONNECTION, openai });

      expect(a.gmail.requests).toEqual([]);
      const output = model.requests[1].body.input[0];
      expect(output).toMatchObject({ type: 'function_call_output', call_id: 'call_fetch1', output: expect.stringMatching(EXPIRED_MESSAGE) });
      expect(text).toContain(linkIn(a, output.output));
      expect(await accountStatus(a, user.accountId)).toBe('EXPIRED');
    });
  });
}
