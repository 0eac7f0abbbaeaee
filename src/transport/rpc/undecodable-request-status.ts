import { Code } from '@connectrpc/connect';
import { encodeEnvelope, type UniversalServerResponse } from '@connectrpc/connect/protocol';
import { codeFromHttpStatus, codeFromString } from '@connectrpc/connect/protocol-connect';
import { trailerFlag, trailerParse, trailerSerialize } from '@connectrpc/connect/protocol-grpc-web';

// What connect-es says, with Code.Internal, about request bytes it cannot read: protobuf that
// does not decode (truncated, bad wire types, invalid UTF-8 in a string field), a body that does
// not decompress, a frame flagged compressed with no encoding named.
const UNDECODABLE = ['parse binary', 'decompression failed', 'received compressed envelope, but do not know how to decompress'];

const isParseFailure = (message: string | null | undefined) => {
  try {
    const text = message == null ? '' : decodeURIComponent(message);
    return UNDECODABLE.some((prefix) => text.startsWith(prefix));
  } catch {
    return false;
  }
};

/** Told once the status the caller gets, when it is not OK. */
export type OnRpcFailure = (code: Code) => void;

/** gRPC and gRPC-Web carry the status in trailers (headers, or a trailer frame). */
function rewriteGrpcStatus(trailer: Headers, onFailure: OnRpcFailure): boolean {
  const rewrite = trailer.get('grpc-status') === String(Code.Internal) && isParseFailure(trailer.get('grpc-message'));
  if (rewrite) trailer.set('grpc-status', String(Code.InvalidArgument));
  const status = Number(trailer.get('grpc-status') ?? Code.Unknown);
  if (status !== 0) onFailure(Number.isInteger(status) && Code[status] ? status : Code.Unknown);
  return rewrite;
}

async function* rewriteTrailerAtEnd(body: AsyncIterable<Uint8Array>, trailer: Headers, onFailure: OnRpcFailure): AsyncIterable<Uint8Array> {
  yield* body;
  rewriteGrpcStatus(trailer, onFailure);
}

/** gRPC-Web: the trailer is the last envelope of the body (flag 0x80, uncompressed; status frames are tiny). */
async function* rewriteTrailerFrame(body: AsyncIterable<Uint8Array>, onFailure: OnRpcFailure): AsyncIterable<Uint8Array> {
  for await (const chunk of body) {
    const isTrailerFrame = chunk.length >= 5 && chunk[0] === trailerFlag && new DataView(chunk.buffer, chunk.byteOffset).getUint32(1) === chunk.length - 5;
    if (!isTrailerFrame) {
      yield chunk;
      continue;
    }
    const trailer = trailerParse(chunk.subarray(5));
    yield rewriteGrpcStatus(trailer, onFailure) ? encodeEnvelope(trailerFlag, trailerSerialize(trailer)) : chunk;
  }
}

/** Connect unary: an error is a non-200 status with one JSON body `{code, message}`. */
async function rewriteConnectError(res: UniversalServerResponse & { body: AsyncIterable<Uint8Array> }, onFailure: OnRpcFailure): Promise<UniversalServerResponse> {
  const chunks: Uint8Array[] = [];
  for await (const c of res.body) chunks.push(c);
  const bytes = Buffer.concat(chunks);
  let error: { code?: unknown; message?: string } | undefined;
  try {
    error = JSON.parse(bytes.toString('utf8'));
  } catch {
    error = undefined;
  }
  if (error?.code !== 'internal' || !isParseFailure(error.message)) {
    onFailure((typeof error?.code === 'string' && codeFromString(error.code)) || codeFromHttpStatus(res.status));
    return { ...res, body: (async function* () { yield bytes; })() };
  }
  onFailure(Code.InvalidArgument);
  const body = Buffer.from(JSON.stringify({ ...error, code: 'invalid_argument' }));
  const header = new Headers(res.header);
  header.set('content-length', String(body.length));
  return { ...res, status: 400, header, body: (async function* () { yield body; })() };
}

/**
 * connect-es decodes the request before any handler or interceptor runs and reports bytes that
 * do not decode as Internal (grpc-go's convention), with no option or hook to change it. Bad input is the
 * caller's mistake, so we answer InvalidArgument (gRPC, gRPC-Web) or 400 `invalid_argument`
 * (Connect) instead. Only the status changes; the message is kept. Reading the status here
 * anyway, it tells `onFailure` the one the caller finally gets (for gRPC, once the body is sent).
 */
export async function undecodableAsInvalidArgument(res: UniversalServerResponse, onFailure: OnRpcFailure): Promise<UniversalServerResponse> {
  const contentType = res.header?.get('content-type') ?? '';
  if (res.body && res.trailer) return { ...res, body: rewriteTrailerAtEnd(res.body, res.trailer, onFailure) };
  if (res.body && contentType.startsWith('application/grpc-web')) return { ...res, body: rewriteTrailerFrame(res.body, onFailure) };
  // Compressed error bodies are left alone: connect-es only compresses bodies of 1 KiB and more.
  if (res.body && res.status !== 200 && contentType.startsWith('application/json') && !res.header?.has('content-encoding')) return rewriteConnectError({ ...res, body: res.body }, onFailure);
  // Answers without an RPC status (415, 405 from connect-es's router), and compressed Connect errors.
  if (res.status !== 200) onFailure(codeFromHttpStatus(res.status));
  return res;
}
