import { expect } from 'vitest';
import { ConnectError } from '@connectrpc/connect';

/** The field violations of a REST error body. */
export const violations = (json: any) => json.details?.[0]?.validation_error_info?.field_violations;

/** The ConnectError an RPC call rejected with (fails the test if it resolved or threw something else). */
export async function rpcError(p: Promise<unknown>): Promise<ConnectError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(ConnectError);
  return err as ConnectError;
}
