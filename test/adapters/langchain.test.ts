import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AIMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { DIALECTS } from '../helpers/test-server.js';
import { summarizeUnreadEmails } from '../../examples/langchain/agent.js';
import { ScriptedToolChatModel } from './scripted-chat-model.js';
import {
  accountStatus, CONNECTION, EXPIRED_MESSAGE, expectSeedSearchReachedGmail, gmailDefinitions, linkIn, SEED_INPUT, startAdapterEnv, subjectsIn, UNREAD_SUBJECTS, USER, type AdapterEnv,
} from './adapter-env.js';

/**
 * examples/langchain, run as written: a LangChain chat model (the core's FakeChatModel, scripted
 * to call gmail_fetch_mails and then answer from the ToolMessage) bound to @latchkey/ai's tools.
 */
const script = (messages: BaseMessage[]) => {
  const last = messages.at(-1)!;
  if (!ToolMessage.isInstance(last)) return new AIMessage({ content: '', tool_calls: [{ id: 'call_1', name: 'gmail_fetch_mails', args: SEED_INPUT, type: 'tool_call' }] });
  const text = last.text;
  return new AIMessage(/^The user's account/.test(text) ? `I could not read your mail: ${text}` : `Unread: ${subjectsIn(text).join('; ')}`);
};

for (const dialect of DIALECTS) {
  describe(`examples/langchain with @latchkey/ai (${dialect.name})`, () => {
    let a: AdapterEnv;
    beforeAll(async () => { a = await startAdapterEnv(dialect); });
    afterAll(async () => { await a?.close(); });
    beforeEach(() => { a.gmail.requests.length = 0; });

    it("binds the user's Gmail tools, invokes the model's tool call through Latchkey and feeds back a ToolMessage", async () => {
      const model = new ScriptedToolChatModel(script);
      const { text, messages } = await summarizeUnreadEmails({ scalekit: a.env.sdk, identifier: USER, connectionName: CONNECTION, model });

      expect(model.offered).toEqual(gmailDefinitions.map((d) => ({ type: 'function', function: { name: d.name, description: d.description, parameters: d.input_schema } })));
      expectSeedSearchReachedGmail(a);
      expect(messages.map((m) => m.type)).toEqual(['system', 'human', 'ai', 'tool', 'ai']);
      const result = messages[3] as ToolMessage;
      expect(result.tool_call_id).toBe('call_1');
      expect(subjectsIn(result.text)).toEqual(UNREAD_SUBJECTS);
      expect(result.artifact).toMatchObject({ status: 'ok', executionId: expect.stringMatching(/^exe_/) });
      expect(model.turns).toHaveLength(2);
      expect(model.turns[1].at(-1)).toBe(result);
      expect(text).toBe('Unread: Q3 planning notes; Café invoice');
    });

    it('answers input that does not match the schema with an error ToolMessage naming the field, and the loop goes on', async () => {
      // The model first sends max_results as a word, then corrects itself from the error it reads.
      const model = new ScriptedToolChatModel((messages) => {
        const tools = messages.filter((m) => ToolMessage.isInstance(m));
        if (tools.length === 0) return new AIMessage({ content: '', tool_calls: [{ id: 'call_bad', name: 'gmail_fetch_mails', args: { query: 'is:unread', max_results: 'five' }, type: 'tool_call' }] });
        if (tools.length === 1) return new AIMessage({ content: '', tool_calls: [{ id: 'call_good', name: 'gmail_fetch_mails', args: SEED_INPUT, type: 'tool_call' }] });
        return script(messages);
      });
      const { text, messages } = await summarizeUnreadEmails({ scalekit: a.env.sdk, identifier: USER, connectionName: CONNECTION, model });

      expect(messages.map((m) => m.type)).toEqual(['system', 'human', 'ai', 'tool', 'ai', 'tool', 'ai']);
      const refused = messages[3] as ToolMessage;
      expect(refused).toMatchObject({ tool_call_id: 'call_bad', status: 'error' });
      expect(refused.text).toMatch(/^gmail_fetch_mails was refused: .*max_results/s);
      expectSeedSearchReachedGmail(a);
      expect(text).toBe('Unread: Q3 planning notes; Café invoice');
    });

    it('answers a tool call on an account that is no longer ACTIVE with a ToolMessage carrying a fresh link', async () => {
      const user = await a.lapsingUser();
      const model = new ScriptedToolChatModel(script);
      const { text, messages } = await summarizeUnreadEmails({ scalekit: a.env.sdk, identifier: user.identifier, connectionName: CONNECTION, model });

      expect(a.gmail.requests).toEqual([]);
      const result = messages[3] as ToolMessage;
      expect(result.text).toMatch(EXPIRED_MESSAGE);
      const link = linkIn(a, result.text);
      expect(result.artifact).toMatchObject({ status: 'not_connected', authorizationLink: link });
      expect(text).toContain(link);
      expect(await accountStatus(a, user.accountId)).toBe('EXPIRED');
    });
  });
}
