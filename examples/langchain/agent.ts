import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { HumanMessage, SystemMessage, ToolMessage, type BaseMessage, type ToolCall } from '@langchain/core/messages';
import { ToolInputParsingException, type StructuredToolInterface } from '@langchain/core/tools';
import { createToolkit } from '../../packages/latchkey-ai/src/index.js';
import { langchainTools } from '../../packages/latchkey-ai/src/langchain.js';
import { SEED_PROMPT, SYSTEM_PROMPT } from '../shared/env.js';
import { DEFAULT_MAX_TURNS, type AgentInput } from '../shared/agent-input.js';

/**
 * "Summarize my last 5 unread emails" with LangChain.js: the model bound to the user's tools,
 * each of its tool calls invoked as a ToolMessage, until it answers in text.
 */
export async function summarizeUnreadEmails(input: AgentInput & { model: BaseChatModel }) {
  const toolkit = await createToolkit(input.scalekit, { identifier: input.identifier, filter: { connectionNames: [input.connectionName] } });
  const tools = langchainTools(toolkit);
  const byName = new Map(tools.map((t) => [t.name, t]));
  if (!input.model.bindTools) throw new Error('this chat model cannot call tools (no bindTools)');
  const llm = input.model.bindTools(tools);
  const messages: BaseMessage[] = [new SystemMessage(SYSTEM_PROMPT), new HumanMessage(input.prompt ?? SEED_PROMPT)];
  const maxTurns = input.maxTurns ?? DEFAULT_MAX_TURNS;
  for (let turn = 0; turn < maxTurns; turn++) {
    const reply = await llm.invoke(messages);
    messages.push(reply);
    if (!reply.tool_calls?.length) return { text: reply.text, messages };
    for (const call of reply.tool_calls) messages.push(await invokeTool(byName.get(call.name), call));
  }
  throw new Error(`the model did not answer within ${maxTurns} turns`);
}

/** One tool call as a ToolMessage; input LangChain refuses against the schema is an error the model can fix, as in LangGraph's ToolNode. */
async function invokeTool(tool: StructuredToolInterface | undefined, call: ToolCall): Promise<ToolMessage> {
  const failed = (content: string) => new ToolMessage({ tool_call_id: call.id ?? '', name: call.name, status: 'error', content });
  if (!tool) return failed(`There is no tool named '${call.name}'.`);
  try {
    return await tool.invoke(call);
  } catch (err) {
    if (err instanceof ToolInputParsingException) return failed(`${call.name} was refused: ${err.message}`);
    throw err;
  }
}
