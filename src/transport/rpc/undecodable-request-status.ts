import type http from 'node:http';

type Headers = http.OutgoingHttpHeaders;

const isParseFailure = (message: unknown) => typeof message === 'string' && decodeURIComponent(message).startsWith('parse binary');

function rewriteGrpc(headers: Headers | undefined): void {
  if (headers && String(headers['grpc-status']) === '13' && isParseFailure(headers['grpc-message'])) headers['grpc-status'] = '3';
}

/**
 * connect-es reports request bytes that do not decode as protobuf as Internal (grpc-go's
 * convention). Bad input is the caller's mistake, so we answer InvalidArgument (gRPC) or
 * 400 `invalid_argument` (Connect). Only the status changes; the message is kept.
 */
export function withUndecodableRequestAsInvalidArgument(handler: http.RequestListener): http.RequestListener {
  return (req, res) => {
    const writeHead = res.writeHead.bind(res) as (...a: unknown[]) => http.ServerResponse;
    const addTrailers = res.addTrailers.bind(res);
    const end = res.end.bind(res) as (...a: unknown[]) => http.ServerResponse;
    const connectBinary = String(req.headers['content-type'] ?? '').startsWith('application/proto');
    let deferred: unknown[] | undefined;
    (res as { writeHead: unknown }).writeHead = (...args: unknown[]) => {
      rewriteGrpc(args.find((a) => a && typeof a === 'object') as Headers | undefined);
      // A Connect unary error is a 500 + one JSON body: hold the head until the body shows the cause.
      if (connectBinary && args[0] === 500) {
        deferred = args;
        return res;
      }
      return writeHead(...args);
    };
    res.addTrailers = (headers: Headers) => {
      rewriteGrpc(headers);
      return addTrailers(headers as never);
    };
    res.end = (chunk?: unknown, ...rest: unknown[]) => {
      if (deferred) {
        const text = chunk && typeof chunk !== 'function' ? Buffer.from(chunk as Uint8Array).toString('utf8') : '';
        let body: { code?: string; message?: string } | undefined;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        if (body?.code === 'internal' && isParseFailure(body.message)) {
          deferred[0] = 400;
          chunk = Buffer.from(JSON.stringify({ ...body, code: 'invalid_argument' }));
          const headers = deferred.find((a) => a && typeof a === 'object') as Headers | undefined;
          if (headers) delete headers['content-length'];
        }
        writeHead(...deferred);
        deferred = undefined;
      }
      return end(chunk, ...rest);
    };
    handler(req, res);
  };
}
