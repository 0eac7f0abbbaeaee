import { generateText, type LanguageModelV1 } from 'ai';
import { createToolkit } from '../../packages/latchkey-ai/src/index.js';
import { vercelAiTools } from '../../packages/latchkey-ai/src/vercel-ai.js';
import { SEED_PROMPT, SYSTEM_PROMPT } from '../shared/env.js';
import { DEFAULT_MAX_TURNS, type AgentInput } from '../shared/agent-input.js';

/** "Summarize my last 5 unread emails" with the Vercel AI SDK: generateText runs the tool steps itself. */
export async function summarizeUnreadEmails(input: AgentInput & { model: LanguageModelV1 }) {
  const toolkit = await createToolkit(input.scalekit, { identifier: input.identifier, filter: { connectionNames: [input.connectionName] } });
  return generateText({
    model: input.model,
    tools: vercelAiTools(toolkit),
    maxSteps: input.maxTurns ?? DEFAULT_MAX_TURNS,
    system: SYSTEM_PROMPT,
    prompt: input.prompt ?? SEED_PROMPT,
  });
}
