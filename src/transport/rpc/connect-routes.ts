import type { ConnectRouter, HandlerContext } from '@connectrpc/connect';
import { randomUUID } from 'node:crypto';
import { SDK_SERVICES } from './sdk-services.js';
import type { RpcDispatcher } from './rpc-dispatcher.js';
import { RPC_CALL } from './rpc-request-context.js';
import { toConnectError, type ErrorReporter } from '../errors/to-connect-error.js';

/**
 * Registers every method of every SDK service with connect-es (gRPC, gRPC-Web and Connect on the
 * same paths). Unimplemented ones too: the dispatcher authenticates before it answers
 * Unimplemented, where connect-es's own stub would answer anyone. Failures are logged by the
 * node adapter (rpc-node-handler.ts), which also sees the ones that never reach a handler.
 */
export function connectRoutes(dispatcher: RpcDispatcher, report: ErrorReporter) {
  return (router: ConnectRouter) => {
    for (const service of SDK_SERVICES) {
      const impl: Record<string, (req: unknown, hctx: HandlerContext) => Promise<unknown>> = {};
      for (const method of service.methods) {
        if (method.methodKind !== 'unary') continue;
        impl[method.localName] = async (message, hctx) => {
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
      }
      router.service(service, impl as never);
    }
  };
}
