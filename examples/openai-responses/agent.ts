import type OpenAI from 'openai';
import type { Response } from 'openai/resources/responses/responses';
import { createToolkit } from '../../packages/latchkey-ai/src/index.js';
import { openAiResponsesTools, runResponsesFunctionCalls } from '../../packages/latchkey-ai/src/openai.js';
import { SEED_PROMPT, SYSTEM_PROMPT } from '../shared/env.js';
import { DEFAULT_MAX_TURNS, type AgentInput } from '../shared/agent-input.js';

/**
 * "Summarize my last 5 unread emails" with the OpenAI Responses API: function_call items run,
 * their function_call_output items sent on the stored conversation (previous_response_id).
 */
export async function summarizeUnreadEmails(input: AgentInput & { openai: OpenAI; model?: string }) {
  const toolkit = await createToolkit(input.scalekit, { identifier: input.identifier, filter: { connectionNames: [input.connectionName] } });
  const base = { model: input.model ?? 'gpt-4.1', instructions: SYSTEM_PROMPT, tools: openAiResponsesTools(toolkit) };
  const responses: Response[] = [await input.openai.responses.create({ ...base, input: input.prompt ?? SEED_PROMPT })];
  const maxTurns = input.maxTurns ?? DEFAULT_MAX_TURNS;
  for (let turn = 1; turn < maxTurns; turn++) {
    const last = responses[responses.length - 1];
    const outputs = await runResponsesFunctionCalls(toolkit, last.output);
    if (!outputs.length) return { text: last.output_text, responses };
    responses.push(await input.openai.responses.create({ ...base, previous_response_id: last.id, input: outputs }));
  }
  throw new Error(`the model did not answer within ${maxTurns} turns`);
}
