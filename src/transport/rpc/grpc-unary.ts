import type http from 'node:http';
import { create, fromBinary, isMessage, toBinary, type DescMessage, type DescMethodUnary } from '@bufbuild/protobuf';
import { Code, ConnectError, type ContextValues } from '@connectrpc/connect';
import { parseTimeout, setTrailerStatus } from '@connectrpc/connect/protocol-grpc';
import { responseEncoderOf } from './response-encoders.js';

/** What an RPC implementation reads of its call; connect-es's HandlerContext fits it too. */
export interface UnaryCallContext {
  values: ContextValues;
  requestHeader: { get(name: string): string | null };
  timeoutMs(): number | undefined;
  signal: AbortSignal;
}

/** The caller went away before the answer: there is no one left to answer or to log about. */
export const CALLER_GONE = -1;

export type UnaryImpl = (message: unknown, ctx: UnaryCallContext) => Promise<unknown>;

export interface GrpcUnaryOptions {
  readMaxBytes: number;
  maxTimeoutMs: number;
}

const CONTENT_TYPES = new Set(['application/grpc', 'application/grpc+proto']);
const RESPONSE_HEADERS = { 'content-type': 'application/grpc+proto' };

/**
 * Whether the request is plain gRPC (binary, uncompressed, HTTP/2) to a unary method: the one
 * shape the SDK sends, served by `serveGrpcUnary`. Anything else (gRPC-Web, Connect, JSON, a
 * compressed request) goes through connect-es.
 */
export function isPlainGrpcUnary(req: http.IncomingMessage, method: { methodKind: string }): boolean {
  const encoding = req.headers['grpc-encoding'];
  return (
    method.methodKind === 'unary' &&
    req.httpVersionMajor === 2 &&
    req.method === 'POST' &&
    CONTENT_TYPES.has(req.headers['content-type'] ?? '') &&
    (encoding === undefined || encoding === 'identity')
  );
}

/** As the fetch API's Headers reads one: repeated values joined with `, `. */
const headerValue = (v: string | string[] | undefined): string | null => (v === undefined ? null : Array.isArray(v) ? v.join(', ') : v);

const invalid = (message: string) => new ConnectError(message, Code.InvalidArgument);

/** The one message of a unary request body: one uncompressed envelope, exactly. */
function messageOf(body: Buffer, input: DescMessage, readMaxBytes: number): unknown {
  if (body.length < 5) throw invalid('protocol error: missing input message for unary method');
  if (body[0] & 0x01) throw invalid('protocol error: received compressed envelope, but no grpc-encoding was named');
  const length = body.readUInt32BE(1);
  if (length > readMaxBytes) throw new ConnectError(`message size ${length} is larger than configured readMaxBytes ${readMaxBytes}`, Code.ResourceExhausted);
  if (body.length < 5 + length) throw invalid(`protocol error: promised ${length} bytes in enveloped message, got ${body.length - 5} bytes`);
  if (body.length > 5 + length) throw invalid('protocol error: received extra input message for unary method');
  try {
    return fromBinary(input, body.subarray(5));
  } catch (e) {
    // connect-es says Internal here; bad input is the caller's mistake (undecodable-request-status.ts).
    throw invalid(`parse binary: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function readBody(req: http.IncomingMessage, max: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    let ended = false;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > max + 5) {
        req.removeAllListeners('data');
        req.resume();
        reject(new ConnectError(`message size is larger than configured readMaxBytes ${max}`, Code.ResourceExhausted));
      } else chunks.push(chunk);
    });
    req.once('end', () => {
      ended = true;
      resolve(chunks.length === 1 ? chunks[0] : Buffer.concat(chunks));
    });
    req.once('error', reject);
    // Built only when needed: an error's stack trace costs more than the rest of this function.
    req.once('close', () => ended || reject(new ConnectError('the caller closed the stream', Code.Aborted)));
  });
}

/** The trailers of a failed call, as connect-es writes them (status, message, details). */
function errorTrailers(err: ConnectError): Record<string, string> {
  const trailer = setTrailerStatus(new Headers(), err);
  return Object.fromEntries(trailer.entries());
}

/**
 * One unary gRPC call on Node's HTTP/2 compatibility objects, without connect-es's async-iterable
 * pipeline (which cost several times the RPC's own work per call in profiles): read the body,
 * decode the one message, run the implementation under the caller's deadline, and answer one
 * frame plus `grpc-status`, or the error's trailers exactly as connect-es encodes them.
 * Resolves with the status code sent, or CALLER_GONE when nothing could be.
 */
export async function serveGrpcUnary(
  req: http.IncomingMessage,
  res: http.ServerResponse,
  method: DescMethodUnary,
  impl: UnaryImpl,
  values: ContextValues,
  opts: GrpcUnaryOptions,
): Promise<Code | 0 | typeof CALLER_GONE> {
  const controller = new AbortController();
  const timeout = parseTimeout(headerValue(req.headers['grpc-timeout']), opts.maxTimeoutMs);
  const endsAt = timeout.timeoutMs === undefined ? undefined : Date.now() + timeout.timeoutMs;
  const timer = endsAt === undefined ? undefined : setTimeout(() => controller.abort(new ConnectError('the operation timed out', Code.DeadlineExceeded)), timeout.timeoutMs);
  // Node's HTTP/2 compatibility response has no `destroyed`: a close before the answer is the caller leaving.
  let gone = false;
  let answered = false;
  res.once('close', () => {
    clearTimeout(timer);
    if (answered) return;
    gone = true;
    controller.abort(new ConnectError('the caller closed the stream', Code.Aborted));
  });
  let frame: Buffer;
  try {
    if (timeout.error) throw timeout.error;
    const message = messageOf(await readBody(req, opts.readMaxBytes), method.input, opts.readMaxBytes);
    const ctx: UnaryCallContext = {
      values,
      requestHeader: { get: (name) => headerValue(req.headers[name]) },
      timeoutMs: endsAt === undefined ? () => undefined : () => endsAt - Date.now(),
      signal: controller.signal,
    };
    const output = await impl(message, ctx);
    const direct = responseEncoderOf(method.output)?.(output, 5);
    if (direct) frame = direct;
    else {
      const bytes = toBinary(method.output, isMessage(output, method.output) ? output : create(method.output, output as never));
      frame = Buffer.allocUnsafe(5 + bytes.length);
      frame.set(bytes, 5);
    }
    frame[0] = 0;
    frame.writeUInt32BE(frame.length - 5, 1);
  } catch (e) {
    clearTimeout(timer);
    const err = e instanceof ConnectError ? e : new ConnectError('internal error', Code.Internal, undefined, undefined, e);
    if (gone) return CALLER_GONE;
    answered = true;
    res.writeHead(200, RESPONSE_HEADERS);
    res.addTrailers(errorTrailers(err));
    res.end();
    return err.code;
  }
  clearTimeout(timer);
  if (gone) return CALLER_GONE;
  answered = true;
  res.writeHead(200, RESPONSE_HEADERS);
  res.addTrailers({ 'grpc-status': '0' });
  res.end(frame);
  return 0;
}
