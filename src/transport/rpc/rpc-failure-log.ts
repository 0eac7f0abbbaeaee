import { Code } from '@connectrpc/connect';
import { codeToString } from '@connectrpc/connect/protocol-connect';
import type { Logger } from '../../logging/logger.js';
import type { RpcCallRecord } from './rpc-request-context.js';

/** Codes that mean the server is at fault; everything else is the caller's or an expected state. */
const SERVER_FAULTS = new Set([Code.Unknown, Code.Internal, Code.DataLoss]);

/**
 * The one JSON line for an RPC the server answered with an error status: the method, the code
 * and the request id, never the payload or the error message (either may echo what the caller
 * sent). An unexpected error `report` already logged, stack and request id included, is not
 * logged twice. (The key is `rpcCode`: the logger redacts every `code`, OAuth's secret.)
 */
export function logRpcFailure(log: Logger, rpc: string, call: RpcCallRecord, code: Code): void {
  const line = { rpc, rpcCode: codeToString(code), requestId: call.requestId };
  if (!SERVER_FAULTS.has(code)) log.info(line, 'rpc failed');
  else if (!call.reported) log.error(line, 'rpc failed');
}
