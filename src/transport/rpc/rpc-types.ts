import type { DescMethodUnary, DescService, MessageInitShape } from '@bufbuild/protobuf';
import type { Principal } from '../../modules/tokens/access-tokens.js';
import type { Logger } from '../../logging/logger.js';
import { checkInputLimits } from '../../modules/validation/input-limits.js';

/** What every RPC implementation receives, whichever wire (gRPC, Connect, REST) carried the call. */
export interface CallContext {
  principal: Principal;
  requestId: string;
  log: Logger;
  /** Request headers, lower-cased names. */
  header(name: string): string | undefined;
  /** Milliseconds left on the caller's deadline (gRPC `grpc-timeout`, Connect `connect-timeout-ms`); undefined without one or on REST. */
  timeoutMs?(): number | undefined;
  /** Aborted when the deadline passes or the caller goes away (gRPC and Connect). */
  signal?: AbortSignal;
}

type UnaryMethods<S extends DescService> = {
  [K in keyof S['method'] as S['method'][K] extends DescMethodUnary ? K : never]: S['method'][K];
};

/** One implementation per RPC, written once and served over every wire. */
export type RpcImpl<S extends DescService> = {
  [K in keyof UnaryMethods<S>]?: UnaryMethods<S>[K] extends DescMethodUnary<infer I, infer O>
    ? (req: import('@bufbuild/protobuf').MessageShape<I>, ctx: CallContext) => Promise<MessageInitShape<O>>
    : never;
};

export interface ServiceBinding {
  service: DescService;
  impl: Record<string, (req: any, ctx: CallContext) => Promise<any>>;
}

/**
 * Every implementation first refuses over-long free text (modules/validation/text-limits.ts) and
 * characters a field may not carry (NUL anywhere, controls in identifiers: control-characters.ts), on every wire.
 */
export function bind<S extends DescService>(service: S, impl: RpcImpl<S>): ServiceBinding {
  const bounded: ServiceBinding['impl'] = {};
  for (const [name, fn] of Object.entries(impl as ServiceBinding['impl'])) {
    bounded[name] = async (req, ctx) => {
      checkInputLimits(req);
      return fn(req, ctx);
    };
  }
  return { service, impl: bounded };
}
