import type { ScalekitClient } from '@scalekit-sdk/node';
import { notConnectedOutcome, type LinkOptions } from './authorization-link.js';
import { listAllScopedTools, type ScopedToolFilterInit, type ToolDescriptor } from './scoped-tools.js';
import { asServerError, isModelReadable, isNotConnected, isToolError } from './server-error.js';
import type { ToolOutcome } from './tool-outcome.js';

export interface ToolkitOptions extends LinkOptions {
  /** The connected-account identifier whose tools to offer and run as (e.g. user_123). */
  identifier: string;
  /** Which scoped tools: by provider, tool name or connection name (`listScopedTools`' filter). */
  filter?: ScopedToolFilterInit;
  /** The connection to run on when the identifier has accounts on several; defaults to the filter's only connection name. */
  connector?: string;
}

/** A user's scoped tools and the one way every adapter runs them. */
export interface Toolkit {
  readonly identifier: string;
  readonly tools: readonly ToolDescriptor[];
  /** Runs one tool call; never throws for what the model or the user can fix (see ToolOutcome). */
  run(toolName: string, input: unknown): Promise<ToolOutcome>;
}

const onlyConnection = (filter?: ScopedToolFilterInit) => (filter?.connectionNames?.length === 1 ? filter.connectionNames[0] : undefined);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Lists the identifier's scoped tools (`tools.listScopedTools`) and runs them through
 * `actions.executeTool`, with a ScalekitClient aimed at Latchkey or at Scalekit alike.
 */
export async function createToolkit(scalekit: ScalekitClient, opts: ToolkitOptions): Promise<Toolkit> {
  const tools = await listAllScopedTools(scalekit, opts.identifier, opts.filter ?? {});
  const byName = new Map(tools.map((t) => [t.name, t]));
  const connector = opts.connector ?? onlyConnection(opts.filter);
  const links: LinkOptions = { ...opts, connectionName: opts.connectionName ?? connector };

  async function run(toolName: string, input: unknown): Promise<ToolOutcome> {
    const tool = byName.get(toolName);
    if (!tool) return { status: 'error', code: 'UNKNOWN_TOOL', message: `There is no tool named '${toolName}'; use one of: ${tools.map((t) => t.name).join(', ')}.` };
    if (!isObject(input)) return { status: 'error', code: 'INVALID_INPUT', message: `The input of ${toolName} must be a JSON object.` };
    try {
      const res = await scalekit.actions.executeTool({ toolName, identifier: tool.identifier, toolInput: input, connector });
      return { status: 'ok', data: (res.data ?? {}) as Record<string, unknown>, executionId: res.executionId };
    } catch (err) {
      const refusal = asServerError(err);
      if (!refusal) throw err;
      if (isNotConnected(refusal)) return notConnectedOutcome(scalekit, tool, refusal, links);
      if (isToolError(refusal)) return { status: 'error', code: refusal.toolErrorCode || 'TOOL_ERROR', message: `${toolName} failed: ${refusal.toolErrorMessage || refusal.message}` };
      if (isModelReadable(refusal)) return { status: 'error', code: refusal.reason || 'REFUSED', message: `${toolName} was refused: ${refusal.message}` };
      throw err;
    }
  }
  return { identifier: opts.identifier, tools, run };
}
