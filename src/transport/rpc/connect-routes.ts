import type { ConnectRouter, HandlerContext } from '@connectrpc/connect';
import { randomUUID } from 'node:crypto';
import { SDK_SERVICES } from './sdk-services.js';
import type { RpcDispatcher } from './rpc-dispatcher.js';
import { toConnectError, type ErrorReporter } from '../errors/to-connect-error.js';

/** Registers every SDK service with connect-es (gRPC, gRPC-Web and Connect on the same paths). */
export function connectRoutes(dispatcher: RpcDispatcher, report: ErrorReporter) {
  return (router: ConnectRouter) => {
    for (const service of SDK_SERVICES) {
      const impl: Record<string, (req: unknown, hctx: HandlerContext) => Promise<unknown>> = {};
      for (const method of service.methods) {
        if (method.methodKind !== 'unary' || !dispatcher.implementation(method)) continue;
        impl[method.localName] = async (message, hctx) => {
          try {
            return await dispatcher.call({
              method,
              message,
              authorization: hctx.requestHeader.get('authorization') ?? undefined,
              requestId: hctx.requestHeader.get('x-request-id') ?? randomUUID(),
              header: (name) => hctx.requestHeader.get(name) ?? undefined,
            });
          } catch (err) {
            throw toConnectError(err, report);
          }
        };
      }
      router.service(service, impl as never);
    }
  };
}
