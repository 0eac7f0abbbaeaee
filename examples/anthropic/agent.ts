import type Anthropic from '@anthropic-ai/sdk';
import type { MessageParam } from '@anthropic-ai/sdk/resources/messages/messages';
import { createToolkit } from '../../packages/latchkey-ai/src/index.js';
import { anthropicTools, runToolUses } from '../../packages/latchkey-ai/src/anthropic.js';
import { SEED_PROMPT, SYSTEM_PROMPT } from '../shared/env.js';
import { DEFAULT_MAX_TURNS, type AgentInput } from '../shared/agent-input.js';

/** "Summarize my last 5 unread emails" with the Anthropic Messages API: tool_use blocks run, tool_result blocks sent back. */
export async function summarizeUnreadEmails(input: AgentInput & { anthropic: Anthropic; model?: string }) {
  const toolkit = await createToolkit(input.scalekit, { identifier: input.identifier, filter: { connectionNames: [input.connectionName] } });
  const tools = anthropicTools(toolkit);
  const messages: MessageParam[] = [{ role: 'user', content: input.prompt ?? SEED_PROMPT }];
  const maxTurns = input.maxTurns ?? DEFAULT_MAX_TURNS;
  for (let turn = 0; turn < maxTurns; turn++) {
    const response = await input.anthropic.messages.create({ model: input.model ?? 'claude-sonnet-4-6', max_tokens: 1024, system: SYSTEM_PROMPT, tools, messages });
    messages.push({ role: 'assistant', content: response.content });
    if (response.stop_reason !== 'tool_use') {
      return { text: response.content.map((b) => (b.type === 'text' ? b.text : '')).join(''), messages };
    }
    messages.push({ role: 'user', content: await runToolUses(toolkit, response.content) });
  }
  throw new Error(`the model did not answer within ${maxTurns} turns`);
}
