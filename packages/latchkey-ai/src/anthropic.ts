import type { ContentBlock, Tool, ToolResultBlockParam } from '@anthropic-ai/sdk/resources/messages/messages';
import type { Toolkit } from './toolkit.js';
import { isErrorOutcome, outcomeText } from './tool-outcome.js';

/** The toolkit as Anthropic Messages tools. */
export function anthropicTools(toolkit: Toolkit): Tool[] {
  return toolkit.tools.map((t) => ({ name: t.name, description: t.description, input_schema: t.inputSchema as Tool.InputSchema }));
}

/**
 * Runs a response's `tool_use` blocks and returns the `tool_result` blocks answering them, for
 * the next user message; a failure or a missing connection is a result with `is_error`.
 */
export async function runToolUses(toolkit: Toolkit, content: ContentBlock[]): Promise<ToolResultBlockParam[]> {
  const uses = content.filter((b) => b.type === 'tool_use');
  return Promise.all(
    uses.map(async (use) => {
      const outcome = await toolkit.run(use.name, use.input);
      return { type: 'tool_result' as const, tool_use_id: use.id, content: outcomeText(outcome), ...(isErrorOutcome(outcome) ? { is_error: true } : {}) };
    }),
  );
}
