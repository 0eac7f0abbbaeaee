import { isMessage, type DescMessage, type JsonObject } from '@bufbuild/protobuf';
import { ExecuteToolResponseSchema } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/tools/tools_pb.js';
import { NotPlainJson, StructWriter, varintLength, writeVarint } from './struct-wire.js';

/**
 * Encodes a response as toBinary(create(…)) would, into a buffer whose first `headroom` bytes are
 * left free (the gRPC frame header), or answers undefined to leave the response to protobuf-es.
 */
export type ResponseEncoder = (output: unknown, headroom: number) => Buffer | undefined;

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !isMessage(v);

/** ExecuteToolResponse{data: Struct = 1, execution_id = 2}: a tool's output is most of what the server encodes per call. */
function executeToolResponse(output: unknown, headroom: number): Buffer | undefined {
  if (!isPlainObject(output)) return undefined;
  for (const key in output) if (key !== 'data' && key !== 'executionId') return undefined;
  const { data, executionId } = output;
  if (data !== undefined && !isPlainObject(data)) return undefined;
  if (executionId !== undefined && typeof executionId !== 'string') return undefined;
  const w = new StructWriter();
  let dataSize: number;
  try {
    dataSize = data === undefined ? -1 : w.measureStruct(data as JsonObject);
  } catch (e) {
    if (e instanceof NotPlainJson) return undefined;
    throw e;
  }
  const idSize = executionId ? Buffer.byteLength(executionId, 'utf8') : 0;
  const size = (dataSize < 0 ? 0 : 1 + varintLength(dataSize) + dataSize) + (idSize ? 1 + varintLength(idSize) + idSize : 0);
  const buf = Buffer.allocUnsafe(headroom + size);
  let pos = headroom;
  if (dataSize >= 0) {
    buf[pos++] = 0x0a; // data = 1
    pos = writeVarint(buf, pos, dataSize);
    pos = w.writeStruct(buf, pos, data as JsonObject);
  }
  if (idSize) {
    buf[pos++] = 0x12; // execution_id = 2
    pos = writeVarint(buf, pos, idSize);
    pos += buf.write(executionId as string, pos, idSize, 'utf8');
  }
  return buf;
}

const ENCODERS = new Map<string, ResponseEncoder>([[ExecuteToolResponseSchema.typeName, executeToolResponse]]);

/** The direct encoder of a response type, when it has one (grpc-unary.ts). */
export const responseEncoderOf = (output: DescMessage): ResponseEncoder | undefined => ENCODERS.get(output.typeName);
