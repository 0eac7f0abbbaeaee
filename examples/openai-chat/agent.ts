import type OpenAI from 'openai';
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions';
import { createToolkit } from '../../packages/latchkey-ai/src/index.js';
import { openAiChatTools, runChatToolCalls } from '../../packages/latchkey-ai/src/openai.js';
import { SEED_PROMPT, SYSTEM_PROMPT } from '../shared/env.js';
import { DEFAULT_MAX_TURNS, type AgentInput } from '../shared/agent-input.js';

/** "Summarize my last 5 unread emails" with OpenAI Chat Completions: tool_calls run, tool messages sent back. */
export async function summarizeUnreadEmails(input: AgentInput & { openai: OpenAI; model?: string }) {
  const toolkit = await createToolkit(input.scalekit, { identifier: input.identifier, filter: { connectionNames: [input.connectionName] } });
  const tools = openAiChatTools(toolkit);
  const messages: ChatCompletionMessageParam[] = [{ role: 'system', content: SYSTEM_PROMPT }, { role: 'user', content: input.prompt ?? SEED_PROMPT }];
  const maxTurns = input.maxTurns ?? DEFAULT_MAX_TURNS;
  for (let turn = 0; turn < maxTurns; turn++) {
    const completion = await input.openai.chat.completions.create({ model: input.model ?? 'gpt-4.1', messages, tools });
    const message = completion.choices[0].message;
    messages.push(message);
    if (!message.tool_calls?.length) return { text: message.content ?? '', messages };
    messages.push(...(await runChatToolCalls(toolkit, message)));
  }
  throw new Error(`the model did not answer within ${maxTurns} turns`);
}
