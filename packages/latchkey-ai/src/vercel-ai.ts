import { jsonSchema, tool, type ToolSet } from 'ai';
import type { Toolkit } from './toolkit.js';
import { outcomeValue } from './tool-outcome.js';

type JsonSchemaInput = Parameters<typeof jsonSchema>[0];

/**
 * The toolkit as a Vercel AI SDK (4.x) ToolSet for generateText/streamText: each tool's JSON
 * Schema as given, its result the tool's data, or `{ error, message, authorization_link? }`.
 */
export function vercelAiTools(toolkit: Toolkit): ToolSet {
  return Object.fromEntries(
    toolkit.tools.map((t) => [
      t.name,
      tool({
        description: t.description,
        parameters: jsonSchema<Record<string, unknown>>(t.inputSchema as JsonSchemaInput),
        execute: async (args) => outcomeValue(await toolkit.run(t.name, args)),
      }),
    ]),
  );
}
