import type { MessageInitShape } from '@bufbuild/protobuf';
import type { ExecuteToolRequest, ExecuteToolResponseSchema } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/tools/tools_pb.js';
import { executeTool, type ToolExecutionDeps } from '../../../modules/tools/execute/execute-tool.js';
import type { CallContext } from '../rpc-types.js';

/** ExecuteTool on the wire: the request's fields, the caller's deadline and cancellation, into the pipeline. */
export function executeToolRpc(deps: ToolExecutionDeps) {
  return async (req: ExecuteToolRequest, ctx: CallContext): Promise<MessageInitShape<typeof ExecuteToolResponseSchema>> => {
    const result = await executeTool(
      deps,
      {
        envId: ctx.principal.environmentId,
        toolName: req.toolName,
        params: req.params,
        connectedAccountId: req.connectedAccountId,
        connector: req.connector,
        identifier: req.identifier,
        organizationId: req.organizationId,
        userId: req.userId,
        callerRemainingMs: ctx.timeoutMs?.(),
        signal: ctx.signal,
      },
      ctx.log,
    );
    return { data: result.data, executionId: result.executionId };
  };
}
