import { tool, type StructuredToolInterface } from '@langchain/core/tools';
import type { Toolkit } from './toolkit.js';
import { outcomeText, type ToolOutcome } from './tool-outcome.js';

type JsonSchema = Parameters<typeof tool>[1]['schema'];

/**
 * The toolkit as LangChain.js tools. Invoked with a model's ToolCall, each answers a ToolMessage
 * whose content is the text the model reads (data as JSON, or the short message) and whose
 * artifact is the full ToolOutcome, for the app.
 */
export function langchainTools(toolkit: Toolkit): StructuredToolInterface[] {
  return toolkit.tools.map((t) =>
    tool(
      async (input: unknown): Promise<[string, ToolOutcome]> => {
        const outcome = await toolkit.run(t.name, input);
        return [outcomeText(outcome), outcome];
      },
      // verboseParsingErrors: LangChain checks the input against the schema first; its error then names the field.
      { name: t.name, description: t.description, schema: t.inputSchema as JsonSchema, responseFormat: 'content_and_artifact', verboseParsingErrors: true },
    ) as StructuredToolInterface,
  );
}
