import { createContextKey, createContextValues, type ContextValues } from '@connectrpc/connect';
import { randomUUID } from 'node:crypto';

/** What the node adapter and the RPC handlers share about one call (connect-es context values). */
export interface RpcCallRecord {
  requestId: string;
  /** Set when the failure was an unexpected error that `report` already logged (with its stack). */
  reported: boolean;
}

export const RPC_CALL = createContextKey<RpcCallRecord | undefined>(undefined, { description: 'latchkey rpc call' });

/** A caller's `x-request-id` is kept when it looks like one; anything else gets a fresh id. */
const REQUEST_ID = /^[\w.:-]{1,128}$/;

export function newRpcCall(requestIdHeader: string | string[] | undefined): { record: RpcCallRecord; values: ContextValues } {
  const given = typeof requestIdHeader === 'string' && REQUEST_ID.test(requestIdHeader) ? requestIdHeader : undefined;
  const record: RpcCallRecord = { requestId: given ?? randomUUID(), reported: false };
  return { record, values: createContextValues().set(RPC_CALL, record) };
}
