import type http from 'node:http';
import type { DescMethod, DescMethodUnary } from '@bufbuild/protobuf';
import { Code, ConnectError, createConnectRouter, type ConnectRouter, type ConnectRouterOptions } from '@connectrpc/connect';
import { compressionBrotli, compressionGzip, universalRequestFromNodeRequest, universalResponseToNodeResponse } from '@connectrpc/connect-node';
import type { Logger } from '../../logging/logger.js';
import { undecodableAsInvalidArgument } from './undecodable-request-status.js';
import { newRpcCall } from './rpc-request-context.js';
import { logRpcFailure } from './rpc-failure-log.js';
import { CALLER_GONE, isPlainGrpcUnary, serveGrpcUnary, type UnaryImpl } from './grpc-unary.js';

export interface RpcNodeHandlerOptions extends ConnectRouterOptions {
  /** Registers the services; with `unary`, plain gRPC unary calls skip connect-es's pipeline (grpc-unary.ts). */
  routes: ((router: ConnectRouter) => void) & { unary?(method: DescMethod): UnaryImpl };
  /** Serves every path that is not an RPC. */
  fallback: http.RequestListener;
  log: Logger;
}

/**
 * gRPC, gRPC-Web and Connect on Node's request/response, built from connect-es's public adapter
 * pieces as `connectNodeAdapter` is, so that (1) the universal response can be corrected before
 * it is written (undecodable input → InvalidArgument), (2) every call answered with an error
 * status is logged as one JSON line, those that never reach a handler included (rpc-failure-log.ts),
 * and (3) a response that fails is logged as one JSON line and ended or destroyed
 * (connectNodeAdapter prints the stack to stderr and leaves the response open), and (4) plain
 * gRPC unary calls (what the SDK sends) are served by grpc-unary.ts: same codes and trailers,
 * a fraction of connect-es's per-call CPU.
 */
export function rpcNodeHandler({ routes, fallback, log, ...routerOptions }: RpcNodeHandlerOptions): http.RequestListener {
  const router = createConnectRouter({ acceptCompression: [compressionGzip, compressionBrotli], ...routerOptions });
  routes(router);
  const byPath = new Map(router.handlers.map((h) => [h.requestPath, h]));
  const unary = routes.unary;
  const fast = new Map(unary ? router.handlers.filter((h) => h.method.methodKind === 'unary').map((h) => [h.requestPath, unary(h.method)]) : []);
  const fastOptions = { readMaxBytes: routerOptions.readMaxBytes ?? 0xffffffff, maxTimeoutMs: routerOptions.maxTimeoutMs ?? Number.MAX_SAFE_INTEGER };
  return (req, res) => {
    const path = req.url?.split('?', 1)[0] ?? '';
    const handler = byPath.get(path);
    if (!handler) return fallback(req, res);
    const rpc = `${handler.service.typeName}/${handler.method.name}`;
    const { record: call, values } = newRpcCall(req.headers['x-request-id']);
    const impl = fast.get(path);
    if (impl && isPlainGrpcUnary(req, handler.method)) {
      serveGrpcUnary(req, res, handler.method as DescMethodUnary, impl, values, fastOptions)
        .then((code) => {
          if (code !== 0 && code !== CALLER_GONE) logRpcFailure(log, rpc, call, code);
        })
        .catch((err) => {
          log.warn({ rpc, requestId: call.requestId, err: (err as Error)?.message }, 'rpc response failed');
          res.destroy();
        });
      return;
    }
    const fail = (reason: unknown) => {
      const err = ConnectError.from(reason);
      // Aborted: the caller went away; there is no one left to answer or to log about.
      const callerGone = err.code === Code.Aborted;
      if (!callerGone) log.warn({ rpc, requestId: call.requestId, err: err.rawMessage }, 'rpc response failed');
      if (callerGone || res.headersSent) res.destroy();
      else res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'internal', message: 'internal error' }));
    };
    let uReq;
    try {
      uReq = universalRequestFromNodeRequest(req, res, undefined, values);
    } catch {
      // The only throw: no authority (HTTP/1.0 without Host, HTTP/2 without :authority).
      logRpcFailure(log, rpc, call, Code.InvalidArgument);
      res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ code: 'invalid_argument', message: 'the request names no host (Host header or :authority)' }));
      return;
    }
    handler(uReq)
      .then((uRes) => undecodableAsInvalidArgument(uRes, (code) => logRpcFailure(log, rpc, call, code)))
      .then((uRes) => universalResponseToNodeResponse(uRes, res))
      .catch(fail);
  };
}
