import type { DescMethod } from '@bufbuild/protobuf';
import { DomainError } from '../../modules/errors/domain-error.js';
import type { AccessTokens } from '../../modules/tokens/access-tokens.js';
import type { Logger } from '../../logging/logger.js';
import type { CallContext, ServiceBinding } from './rpc-types.js';

export interface RpcCall {
  method: DescMethod;
  message: unknown;
  authorization: string | undefined;
  requestId: string;
  header(name: string): string | undefined;
  timeoutMs?(): number | undefined;
  signal?: AbortSignal;
}

/**
 * Looks up the one implementation of a method, authenticates the caller, and runs it.
 * gRPC/Connect and REST both come through here, so auth and scoping cannot diverge.
 */
export class RpcDispatcher {
  private readonly impls = new Map<string, (req: any, ctx: CallContext) => Promise<any>>();

  constructor(bindings: ServiceBinding[], private readonly tokens: AccessTokens, private readonly log: Logger) {
    for (const b of bindings) {
      for (const [localName, fn] of Object.entries(b.impl)) {
        const method = b.service.methods.find((m) => m.localName === localName);
        if (!method) throw new Error(`${b.service.typeName} has no method ${localName}`);
        this.impls.set(method.parent.typeName + '/' + method.name, fn);
      }
    }
  }

  private implementation(method: DescMethod) {
    return this.impls.get(method.parent.typeName + '/' + method.name);
  }

  async call(call: RpcCall): Promise<unknown> {
    // Authenticate first: an anonymous caller learns nothing, not even which methods exist here.
    const principal = this.tokens.cachedPrincipal(call.authorization) ?? (await this.tokens.verifyHeader(call.authorization));
    const fn = this.implementation(call.method);
    if (!fn) {
      throw new DomainError('unimplemented', `${call.method.parent.typeName}.${call.method.name} is not implemented`, { reason: 'UNIMPLEMENTED' });
    }
    const ctx: CallContext = {
      principal,
      requestId: call.requestId,
      log: this.log.child({ requestId: call.requestId, rpc: call.method.name, environmentId: principal.environmentId }),
      header: call.header,
      timeoutMs: call.timeoutMs,
      signal: call.signal,
    };
    return fn(call.message, ctx);
  }
}
