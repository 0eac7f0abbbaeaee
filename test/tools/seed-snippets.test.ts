import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import * as anthropicSdk from '@anthropic-ai/sdk';
import * as ai from 'ai';
import { MockLanguageModelV1 } from 'ai/test';
import { DIALECTS } from '../helpers/test-server.js';
import { startAgentAuthEnv, type AgentAuthEnv } from '../helpers/agent-auth-env.js';
import { connectionWithAccount, oauthCredentials } from '../helpers/agent-auth-fixtures.js';
import { runDocSnippet } from '../helpers/run-doc-snippet.js';
import { secret } from '../helpers/test-utils.js';
import { toolsSnippet } from '../fixtures/docs/published-docs.js';
import { startGmailFake, type GmailFake } from '../fakes/providers/gmail.js';
import { apiKeyOf, startAnthropicFake, type AnthropicFake } from '../fakes/anthropic-messages.js';
import { builtinToolRegistry } from '../../src/modules/tools/registry/tool-registry.js';

/**
 * The Node.js snippets of "Scalekit optimized built-in tools", run as published (from the
 * fixture) with the official SDK against Latchkey, a Gmail connection aimed at a loopback Gmail
 * fake, and the model replaced by a script: the real Anthropic client against a loopback Messages
 * API, and the `ai` package's own mock model.
 */
const gmailDefinitions = builtinToolRegistry().byProvider('gmail').map((t) => JSON.parse(JSON.stringify(t.spec.definition)));
const SEED_INPUT = { query: 'is:unread', max_results: 5 };

/** What gmail_fetch_mails makes of the fake's two unread emails: decoded text, no MIME, no base64. */
const FIRST_UNREAD = {
  id: '18f2a1c3d4e5f601', thread_id: '18f2a1c3d4e5f601', from: 'Ana Lima <ana@example.com>', to: 'me@example.com', cc: 'ops@example.com',
  subject: 'Q3 planning notes', date: '2024-05-01T12:00:00.000Z', snippet: "Hi team, here are the notes from today&#39;s Q3 planning session.",
  body: "Hi team,\n\nHere are the notes from today's Q3 planning session.\n- Ship the tools API\n- Hire two engineers\n\nAna",
  body_truncated: false, labels: ['UNREAD', 'IMPORTANT', 'CATEGORY_PERSONAL', 'INBOX'], unread: true, attachments: [],
};
function expectShapedUnread(data: any) {
  expect(data.messages[0]).toEqual(FIRST_UNREAD);
  expect(data.messages.map((m: any) => [m.subject, m.body])).toEqual([
    ['Q3 planning notes', FIRST_UNREAD.body],
    ['Café invoice', 'Your invoice for April is attached.\nTotal: 42 € & thanks'],
  ]);
  expect(data.messages[1].attachments).toEqual([{ filename: 'invoice-april.pdf', mime_type: 'application/pdf', size: 43120 }]);
  expect(data).toMatchObject({ next_cursor: null, result_size_estimate: 2 });
}

for (const dialect of DIALECTS) {
  describe(`the seed's Node.js tool snippets, as published (${dialect.name})`, () => {
    let env: AgentAuthEnv;
    let gmail: GmailFake;
    const accessToken = secret('ya29.gmail');

    beforeAll(async () => {
      gmail = await startGmailFake();
      env = await startAgentAuthEnv({ databaseUrl: dialect.databaseUrl, allowHosts: ['127.0.0.1'] });
      // The built-in Gmail provider, its connection aimed at the fake through its own proxy_url.
      await connectionWithAccount(env, {
        providerKey: 'gmail', connectionName: 'gmail', authType: 'OAUTH', identifier: 'user_123',
        credentials: oauthCredentials({ access_token: accessToken }), proxyUrl: gmail.url,
      });
    });
    afterAll(async () => {
      await env?.server.close();
      await gmail?.close();
    });
    // The snippets only read mail, so one mailbox serves every test; each sees only its own calls.
    beforeEach(() => { gmail.requests.length = 0; });

    /** The Gmail calls one gmail_fetch_mails with the seed's input makes: a search, then each match in full. */
    function expectSeedSearchReachedGmail() {
      expect(gmail.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /gmail/v1/users/me/messages', 'GET /gmail/v1/users/me/messages/18f2a1c3d4e5f601', 'GET /gmail/v1/users/me/messages/18f2a0b1c2d3e402',
      ]);
      expect(gmail.requests[0].query).toEqual({ q: 'is:unread', maxResults: '5' });
      for (const r of gmail.requests) expect(r.headers.authorization).toBe(`Bearer ${accessToken}`);
    }

    it('"Find available tools" then "Execute a tool": the scoped Gmail tools and the shaped emails', async () => {
      const logged: unknown[][] = [];
      const console = { log: (...args: unknown[]) => logged.push(args) };
      await runDocSnippet(toolsSnippet('Find available tools'), { scope: { scalekit: env.sdk, console } });
      expect(logged).toEqual(gmailDefinitions.map((d) => [d.name, d.input_schema]));
      expect(logged.map(([name]) => name)).toContain('gmail_fetch_mails');

      logged.length = 0;
      const { result } = await runDocSnippet(toolsSnippet('Execute a tool'), { scope: { scalekit: env.sdk, console }, returns: ['result'] });
      expect(logged).toHaveLength(1);
      expectShapedUnread(logged[0][0]);
      expect((result as { executionId: string }).executionId).toMatch(/^exe_/);
      expectSeedSearchReachedGmail();
    });

    describe('"Wire into your LLM" with the real Anthropic client and a scripted model', () => {
      let model: AnthropicFake;
      const apiKey = secret('sk-ant-test');
      beforeEach(async () => {
        // The scripted choice: fetch unread mail when offered the tool; summarise once its result is back.
        model = await startAnthropicFake((body) => {
          const last = body.messages.at(-1);
          const result = Array.isArray(last.content) ? last.content.find((b: any) => b.type === 'tool_result') : undefined;
          if (result) {
            const subjects = JSON.parse(result.content).messages.map((m: any) => m.subject);
            return { stop_reason: 'end_turn', content: [{ type: 'text', text: `2 unread: ${subjects.join('; ')}`, citations: null }] };
          }
          if (!body.tools?.some((t: any) => t.name === 'gmail_fetch_mails')) return { stop_reason: 'end_turn', content: [{ type: 'text', text: 'I cannot read mail.', citations: null }] };
          return {
            stop_reason: 'tool_use',
            content: [
              { type: 'text', text: "I'll look at your unread emails.", citations: null },
              { type: 'tool_use', id: 'toolu_01A09q90qw90lq917835lq9', name: 'gmail_fetch_mails', input: SEED_INPUT, caller: { type: 'direct' } },
            ],
          };
        });
        // `new Anthropic()` as written reads its key and base URL from the environment.
        vi.stubEnv('ANTHROPIC_API_KEY', apiKey);
        vi.stubEnv('ANTHROPIC_BASE_URL', model.url);
      });
      afterEach(async () => {
        vi.unstubAllEnvs();
        await model?.close();
      });

      it("hands Latchkey's tools to the model, executes its tool_use through Latchkey and feeds the result back", async () => {
        const { messages, response, anthropic } = await runDocSnippet(toolsSnippet('Wire into your LLM'), {
          scope: { scalekit: env.sdk },
          modules: { '@anthropic-ai/sdk': anthropicSdk },
          returns: ['messages', 'response', 'anthropic'],
        });

        // The model saw the user's Gmail tools exactly as Latchkey defines them.
        expect(model.requests).toHaveLength(1);
        const sent = model.requests[0];
        expect(apiKeyOf(sent.headers)).toBe(apiKey);
        expect(sent.headers['anthropic-version']).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(sent.body).toEqual({
          model: 'claude-sonnet-4-6',
          max_tokens: 1024,
          tools: gmailDefinitions.map((d) => ({ name: d.name, description: d.description, input_schema: d.input_schema })),
          messages: [{ role: 'user', content: 'Summarize my last 5 unread emails' }],
        });

        // Its tool_use ran through Latchkey against Gmail, and the loop built the next turn.
        expectSeedSearchReachedGmail();
        const turns = messages as any[];
        expect(turns).toHaveLength(3);
        expect(turns[0]).toEqual({ role: 'user', content: 'Summarize my last 5 unread emails' });
        expect(turns[1]).toEqual({ role: 'assistant', content: (response as any).content });
        expect(turns[1].content[1]).toMatchObject({ type: 'tool_use', name: 'gmail_fetch_mails', input: SEED_INPUT });
        expect(turns[2].role).toBe('user');
        expect(turns[2].content).toHaveLength(1);
        expect(turns[2].content[0]).toMatchObject({ type: 'tool_result', tool_use_id: 'toolu_01A09q90qw90lq917835lq9' });
        expectShapedUnread(JSON.parse(turns[2].content[0].content));

        // The messages are a valid next request: the API accepts the tool_result and the model reads it.
        const next = await (anthropic as anthropicSdk.Anthropic).messages.create({ model: 'claude-sonnet-4-6', max_tokens: 1024, messages: turns });
        expect(next.content).toEqual([{ type: 'text', text: '2 unread: Q3 planning notes; Café invoice', citations: null }]);
        expect(model.requests).toHaveLength(2);
      });
    });

    it('"Use a framework adapter" (Vercel AI SDK): generateText with the ai mock model calls gmail_fetch_mails through Latchkey', async () => {
      const { tools } = await runDocSnippet(toolsSnippet('Use a framework adapter'), {
        scope: { scalekit: env.sdk },
        modules: { ai },
        returns: ['tools'],
      });
      const calls: Array<Parameters<MockLanguageModelV1['doGenerate']>[0]> = [];
      const usage = { promptTokens: 10, completionTokens: 5 };
      const rawCall = { rawPrompt: null, rawSettings: {} };
      const model = new MockLanguageModelV1({
        doGenerate: async (options) => {
          calls.push(options);
          if (calls.length === 1) {
            return { rawCall, usage, finishReason: 'tool-calls', toolCalls: [{ toolCallType: 'function', toolCallId: 'call_1', toolName: 'gmail_fetch_mails', args: JSON.stringify(SEED_INPUT) }] };
          }
          return { rawCall, usage, finishReason: 'stop', text: 'Two unread emails.' };
        },
      });

      const out = await ai.generateText({ model, tools: tools as ai.ToolSet, maxSteps: 2, prompt: 'Summarize my last 5 unread emails' });

      // The model was offered Latchkey's tools, their JSON Schemas untouched.
      const offered = calls[0].mode.type === 'regular' ? calls[0].mode.tools ?? [] : [];
      expect(offered.map((t) => (t.type === 'function' ? [t.name, t.description, t.parameters] : [t.type]))).toEqual(
        gmailDefinitions.map((d) => [d.name, d.description, d.input_schema]),
      );
      // The tool's execute ran through Latchkey, and its result reached the model's next step.
      expectSeedSearchReachedGmail();
      expect(calls).toHaveLength(2);
      const toolTurn = calls[1].prompt.find((m) => m.role === 'tool');
      expect(toolTurn?.content).toHaveLength(1);
      const fed = toolTurn!.content[0];
      expect(fed).toMatchObject({ type: 'tool-result', toolCallId: 'call_1', toolName: 'gmail_fetch_mails' });
      expectShapedUnread(fed.result);
      expect(out.steps[0].toolResults[0]).toMatchObject({ toolName: 'gmail_fetch_mails', args: SEED_INPUT });
      expect(out.text).toBe('Two unread emails.');
    });
  });
}
