import type { JsonSchema } from '../../tools/definition/tool-spec.js';
import type { EndpointTool } from './endpoint-tools.js';

/** The MCP `Tool` of one endpoint tool (the wire shape of tools/list). */
export interface McpToolDefinition {
  name: string;
  title: string;
  description: string;
  inputSchema: JsonSchema & { type: 'object' };
  outputSchema: JsonSchema & { type: 'object' };
  annotations: { title: string; readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean };
}

const LOOSENED = new Set(['required', 'minItems', 'minProperties', 'minLength', 'dependentRequired']);

/** The schema with every "must be present / at least" keyword removed, at every depth. */
function loosened(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(loosened);
  if (!schema || typeof schema !== 'object') return schema;
  return Object.fromEntries(Object.entries(schema).filter(([k]) => !LOOSENED.has(k)).map(([k, v]) => [k, loosened(v)]));
}

/**
 * What structuredContent follows: ExecuteTool's data is always an object (a list or scalar as
 * `{"result": …}`), and an environment's post modifier may keep only some fields, so a tool with
 * one advertises its schema without the keywords the trimming could break.
 */
export function advertisedOutputSchema(output: JsonSchema, trimmedByModifier: boolean): JsonSchema & { type: 'object' } {
  const isObject = output.type === 'object';
  const base = isObject ? output : { type: 'object', properties: { result: output }, required: ['result'] };
  return (trimmedByModifier ? loosened(base) : base) as JsonSchema & { type: 'object' };
}

/**
 * An endpoint tool as MCP clients see it: the definition's schemas, and annotations that say
 * what the ToolSpec says. Every tool reaches a third-party API, so openWorldHint is always true.
 */
export function mcpToolDefinition(t: EndpointTool, trimmedByModifier: boolean): McpToolDefinition {
  const { definition: d, annotations: a } = t.tool.spec;
  const where = t.mcpName !== t.tool.name ? ` (through connection ${t.connectionName})` : '';
  const pending = t.accountId || t.accountless ? '' : ' Not connected yet: calling it answers with a link for the user to authorize the account.';
  return {
    name: t.mcpName,
    title: d.display_name,
    description: `${d.description}${where}${pending}`,
    inputSchema: d.input_schema as JsonSchema & { type: 'object' },
    outputSchema: advertisedOutputSchema(d.output_schema, trimmedByModifier),
    annotations: { title: d.display_name, readOnlyHint: a.readOnly, destructiveHint: a.destructive, idempotentHint: a.idempotent, openWorldHint: true },
  };
}
