import { ToolFailure, type ToolRunContext, type ToolSpec } from '../definition/tool-spec.js';

/**
 * Runs a tool's own logic on input that has already been validated: one call built by `request`
 * and trimmed by `shape`, or the tool's `run` for several calls. Credentials, retries and error
 * mapping belong to the context and the execution pipeline, not here.
 */
export async function runToolSpec(spec: ToolSpec, input: unknown, ctx: ToolRunContext): Promise<unknown> {
  if (spec.run) return spec.run(input, ctx);
  if (!spec.request) throw new ToolFailure(`tool ${spec.definition.name} has neither request nor run`);
  const response = await ctx.request(spec.request(input));
  return spec.shape ? spec.shape(response.body, input, response) : response.body;
}
