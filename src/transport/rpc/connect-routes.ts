import type { DescMethod } from '@bufbuild/protobuf';
import type { ConnectRouter } from '@connectrpc/connect';
import { randomUUID } from 'node:crypto';
import type { UnaryCallContext, UnaryImpl } from './grpc-unary.js';
import { SDK_SERVICES } from './sdk-services.js';
import type { RpcDispatcher } from './rpc-dispatcher.js';
import { RPC_CALL } from './rpc-request-context.js';
import { toConnectError, type ErrorReporter } from '../errors/to-connect-error.js';

/** The routes for connect-es, and the same implementations for the adapter's plain-gRPC path (grpc-unary.ts). */
export interface RpcRoutes {
  (router: ConnectRouter): void;
  unary(method: DescMethod): UnaryImpl;
}

/**
 * Registers every method of every SDK service with connect-es (gRPC, gRPC-Web and Connect on the
 * same paths). Unimplemented ones too: the dispatcher authenticates before it answers
 * Unimplemented, where connect-es's own stub would answer anyone. Failures are logged by the
 * node adapter (rpc-node-handler.ts), which also sees the ones that never reach a handler.
 */
export function connectRoutes(dispatcher: RpcDispatcher, report: ErrorReporter): RpcRoutes {
  const unary = (method: DescMethod): UnaryImpl => async (message: unknown, hctx: UnaryCallContext) => {
    const call = hctx.values.get(RPC_CALL);
    try {
      return await dispatcher.call({
        method,
        message,
        authorization: hctx.requestHeader.get('authorization') ?? undefined,
        requestId: call?.requestId ?? randomUUID(),
        header: (name) => hctx.requestHeader.get(name) ?? undefined,
        timeoutMs: () => hctx.timeoutMs(),
        signal: hctx.signal,
      });
    } catch (err) {
      throw toConnectError(err, (e) => {
        if (call) call.reported = true;
        return report(e);
      });
    }
  };
  const routes = (router: ConnectRouter) => {
    for (const service of SDK_SERVICES) {
      const impl: Record<string, UnaryImpl> = {};
      for (const method of service.methods) if (method.methodKind === 'unary') impl[method.localName] = unary(method);
      router.service(service, impl as never);
    }
  };
  return Object.assign(routes, { unary });
}
