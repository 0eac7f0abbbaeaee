import type { ChatCompletionFunctionTool, ChatCompletionMessage, ChatCompletionToolMessageParam } from 'openai/resources/chat/completions';
import type { FunctionTool, ResponseInputItem, ResponseOutputItem } from 'openai/resources/responses/responses';
import type { Toolkit } from './toolkit.js';
import { outcomeText, type ToolOutcome } from './tool-outcome.js';

/** The toolkit as Chat Completions function tools. */
export function openAiChatTools(toolkit: Toolkit): ChatCompletionFunctionTool[] {
  return toolkit.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.inputSchema } }));
}

/**
 * The toolkit as Responses API function tools. `strict` stays off unless asked: strict mode
 * needs every property required and `additionalProperties: false`, which tool schemas rarely are.
 */
export function openAiResponsesTools(toolkit: Toolkit, opts: { strict?: boolean } = {}): FunctionTool[] {
  return toolkit.tools.map((t) => ({ type: 'function', name: t.name, description: t.description, parameters: t.inputSchema, strict: opts.strict ?? false }));
}

/** A call's `arguments` string, run as the named tool; arguments that are not JSON are a readable error. */
async function runArguments(toolkit: Toolkit, name: string, args: string): Promise<ToolOutcome> {
  let input: unknown;
  try {
    input = args.trim() === '' ? {} : JSON.parse(args);
  } catch {
    return { status: 'error', code: 'INVALID_INPUT', message: `The arguments of ${name} are not valid JSON.` };
  }
  return toolkit.run(name, input);
}

/**
 * Runs an assistant message's `tool_calls` and returns the `tool` messages that answer them, in
 * order (append the assistant message, then these). Every call gets an answer, as the API requires.
 */
export async function runChatToolCalls(toolkit: Toolkit, message: Pick<ChatCompletionMessage, 'tool_calls'>): Promise<ChatCompletionToolMessageParam[]> {
  return Promise.all(
    (message.tool_calls ?? []).map(async (call) => {
      const outcome = call.type === 'function'
        ? await runArguments(toolkit, call.function.name, call.function.arguments)
        : ({ status: 'error', code: 'UNKNOWN_TOOL', message: `Only function tools are available here, not ${call.type} tool '${call.custom.name}'.` } as const);
      return { role: 'tool' as const, tool_call_id: call.id, content: outcomeText(outcome) };
    }),
  );
}

/**
 * Runs a response's `function_call` output items and returns the `function_call_output` items to
 * send back (with `previous_response_id`, or after the response's output in `input`).
 */
export async function runResponsesFunctionCalls(toolkit: Toolkit, output: ResponseOutputItem[]): Promise<ResponseInputItem.FunctionCallOutput[]> {
  const calls = output.filter((item) => item.type === 'function_call');
  return Promise.all(
    calls.map(async (call) => ({
      type: 'function_call_output' as const,
      call_id: call.call_id,
      output: outcomeText(await runArguments(toolkit, call.name, call.arguments)),
    })),
  );
}

/**
 * The JSON Schema a non-strict Agents SDK function tool takes (`JsonObjectSchemaNonStrict` of
 * @openai/agents-core): an object schema with `properties` and `required` present.
 */
export interface AgentsToolParameters {
  type: 'object';
  properties: Record<string, unknown>;
  required: string[];
  additionalProperties: boolean;
  [key: string]: unknown;
}

/** What `tool()` of the OpenAI Agents SDK (`@openai/agents`) takes for one function tool. */
export interface AgentsToolOptions {
  name: string;
  description: string;
  parameters: AgentsToolParameters;
  strict: false;
  /** The SDK parses the model's arguments with the schema's parser (JSON) and passes the object. */
  execute(input: unknown): Promise<string>;
}

/**
 * The toolkit as options for the OpenAI Agents SDK: `openAiAgentsToolOptions(toolkit).map((o) => tool(o))`
 * gives `new Agent({ tools })` its function tools. Non-strict (tool schemas rarely meet strict
 * mode's rules); the schema is the tool's own, with `properties` / `required` filled in when
 * absent, as the SDK's type asks. `execute` answers as every adapter does (tool-outcome.ts).
 */
export function openAiAgentsToolOptions(toolkit: Toolkit): AgentsToolOptions[] {
  return toolkit.tools.map((t) => {
    const schema = t.inputSchema as Record<string, unknown>;
    const parameters: AgentsToolParameters = {
      ...schema,
      type: 'object',
      properties: (schema.properties as Record<string, unknown> | undefined) ?? {},
      required: (schema.required as string[] | undefined) ?? [],
      additionalProperties: schema.additionalProperties === false ? false : true,
    };
    return {
      name: t.name,
      description: t.description,
      parameters,
      strict: false,
      // A string is the Agents SDK's own way of receiving unparsed arguments (no parser ran): handled as the Responses path does.
      execute: async (input: unknown) => outcomeText(typeof input === 'string' ? await runArguments(toolkit, t.name, input) : await toolkit.run(t.name, input)),
    };
  });
}
