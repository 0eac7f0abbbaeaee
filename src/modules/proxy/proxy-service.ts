import type { ChangeFeed } from '../changes/change-feed.js';
import { Readable, Transform } from 'node:stream';
import type { Dispatcher } from 'undici';
import type { Storage } from '../../storage/database.js';
import type { CredentialSource, UsableCredentials } from '../credentials/credential-source.js';
import { checkCallerTarget, resolveUpstreamBase, upstreamPath, type CallerTarget, type UpstreamBase } from './build-upstream-url.js';
import { expireAfterRepeated401 } from './expire-after-401.js';
import { upstreamRequestHeaders } from './hop-by-hop.js';
import { relayExchange, sendHeld401, UNAUTHORIZED_KEPT, type CallerSignal, type Held401, type ResponseSink } from './response-relay.js';
import { accountValues, buildCredential, type InjectedCredential } from './inject-credentials.js';
import type { PinnedDispatchers } from '../egress/pinned-dispatcher.js';
import { BodyStalledError, BodyTooLargeError, ProxyError, upstreamFailure } from './proxy-errors.js';
import { ProxyTargetResolver, type ProxyTarget } from './resolve-target.js';
import { bufferedExchange, type BufferedAnswer, type BufferedCall } from './upstream-call.js';

/** One call to forward, as the HTTP route received it. */
export interface ProxyCall {
  envId: string;
  connectionName: string;
  identifier: string;
  method: string;
  /** The request target after `/proxy`, raw: `/v1/customers?limit=3`. */
  rawTarget: string;
  /** The caller's headers as received (`[name, value, …]`). */
  rawHeaders: readonly string[];
  /** The request body stream, or undefined when the request has none. */
  body: Readable | undefined;
  /** The declared Content-Length, undefined for a chunked body. */
  contentLength: number | undefined;
  /** Emits `abort` when the caller goes away. */
  signal: CallerSignal;
  /** Filled in as the call is resolved, for the audit entry. */
  trace: { connectionId: string | null; accountId: string | null };
}


/**
 * Bodies up to this size are read into memory for OAuth accounts so a 401 can be retried after a
 * refresh; larger or chunked bodies stream once and a 401 is passed through (with a refresh in the
 * background, so the caller's own retry succeeds).
 */
export const REPLAY_MAX_BYTES = 64 * 1024;

const METHODS_REFUSED = new Set(['TRACE', 'CONNECT', 'TRACK']);
/** RFC 9110 §9.2.2: repeating these has the effect of sending them once. */
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);
/** The connection broke before any response: typically a pooled keep-alive socket the upstream had just closed. */
const BROKEN_CONNECTION = new Set(['UND_ERR_SOCKET', 'ECONNRESET', 'EPIPE']);
const NO_BODY = { body: undefined, replayable: true } as const;
/** How much later than an in-process call's deadline undici's own timeouts fire (undici's timers are coarse). */
const TIMER_BACKSTOP_MS = 250;

/** The target of a call, resolved, with the account's usable credentials. */
interface Begun {
  callerTarget: CallerTarget;
  target: ProxyTarget;
  usable: UsableCredentials;
}

/** A 401 streams through to the caller like any answer. */
const STREAM_401 = { keep401: false } as const;

interface Prepared {
  target: ProxyTarget;
  base: UpstreamBase;
  credential: InjectedCredential;
  dispatcher: Dispatcher;
}

/** The credential source, and (CredentialService) a way to drop what it caches for an account. */
export type ProxyCredentials = CredentialSource & {
  /** Credentials usable without a read or refresh, synchronously, when cached. */
  cachedUsable?(envId: string, accountId: string): UsableCredentials | undefined;
};

export interface ProxyServiceOptions {
  storage: Storage;
  credentials: ProxyCredentials;
  dispatchers: PinnedDispatchers;
  maxBodyBytes: number;
  onBackgroundError: (err: unknown) => void;
  /** Changes made by this process: resolved targets of a changed environment or account are dropped; an account this service expires is published here. */
  changes?: ChangeFeed;
}

/** The Tool Proxy: resolves the account, injects its credential and streams the call both ways. */
export class ProxyService {
  private readonly resolver: ProxyTargetResolver;
  /** Derived per credentials object (which the credential cache keeps for its TTL). */
  private readonly prepared = new WeakMap<UsableCredentials, Prepared>();

  constructor(private readonly opts: ProxyServiceOptions) {
    this.resolver = new ProxyTargetResolver(opts.storage.db);
    // Rare (API writes), so dropping the whole environment's entries is cheap enough.
    opts.changes?.subscribe((change) => this.resolver.forgetEnvironment(change.envId));
  }

  /**
   * Forwards `call` and writes the upstream's answer into `sink` (status and headers, then the body
   * as it streams). Resolves with the status once the head is written; rejects only before that,
   * so the caller can answer with its own error.
   */
  async forward(call: ProxyCall, sink: ResponseSink): Promise<number> {
    const begun = this.begin(call.envId, call.connectionName, call.identifier, call.method, call.rawTarget, call.trace);
    const { callerTarget, target, usable } = begun instanceof Promise ? await begun : begun;
    const oauth = target.pattern.type === 'OAUTH';
    const { body, replayable } = call.body ? await this.requestBody(call, oauth, target.timeoutMs) : NO_BODY;
    // A kept 401 went nowhere, so it can be retried; the retry's own 401 is held (not streamed) until
    // the account is marked EXPIRED, so a caller that checks the account after seeing it finds it so.
    const keep401 = oauth && replayable;
    let status: number;
    if (!keep401) {
      // Nothing to retry (not OAuth, or a body that cannot be sent again): one exchange.
      status = await this.send(call, callerTarget, this.prepare(target, usable), body, sink, STREAM_401);
    } else {
      let held: Held401 | undefined;
      status = await this.sendRefreshingOn401(
        call.envId,
        target,
        usable,
        (prep, retry) => this.send(call, callerTarget, prep, body, sink, { keep401, held: retry ? (held = { chunks: [], bytes: 0 }) : undefined }),
        (s) => s === UNAUTHORIZED_KEPT,
      );
      if (status === UNAUTHORIZED_KEPT) {
        sendHeld401(sink, held!);
        return 401;
      }
    }
    if (status === 401 && oauth) {
      // Streamed through (a body that could not be replayed): refresh in the background, so the caller's own retry succeeds.
      this.opts.credentials.refreshAfterUnauthorized(call.envId, target.accountId, usable.version).catch(this.opts.onBackgroundError);
    }
    return status;
  }

  /**
   * One call made in-process (ExecuteTool's tools), through the same machinery as `forward`:
   * target resolution, credential injection, the egress guard and pooled pinned dispatchers, and
   * on an OAuth 401 one refresh and one retry, the account marked EXPIRED after a second 401.
   * Bodies are buffered both ways (the answer up to MAX_BUFFERED_RESPONSE_BYTES).
   */
  async exchange(call: BufferedCall): Promise<BufferedAnswer> {
    const { callerTarget, target, usable } = await this.begin(call.envId, call.connectionName, call.identifier, call.method, call.target);
    const rawHeaders = Object.entries(call.headers).flat();
    const once = async (prep: Prepared): Promise<BufferedAnswer> => {
      const timeoutMs = Math.min(prep.target.timeoutMs, call.timeoutMs ?? Infinity);
      // With a signal (the execution's deadline, which already bounds the run), undici's own timers are
      // a backstop set a little later, so the deadline fires first and names the right cause.
      const backstopMs = call.signal ? timeoutMs + TIMER_BACKSTOP_MS : timeoutMs;
      const options: Dispatcher.DispatchOptions & { signal?: AbortSignal } = {
        origin: prep.base.origin,
        path: upstreamPath(prep.base, callerTarget),
        method: call.method as Dispatcher.HttpMethod,
        headers: upstreamRequestHeaders(rawHeaders, prep.credential),
        body: call.body,
        headersTimeout: backstopMs,
        bodyTimeout: backstopMs,
        signal: call.signal,
      };
      try {
        return await bufferedExchange(prep.dispatcher, options, prep.credential.secrets);
      } catch (err) {
        if (call.signal?.aborted) throw call.signal.reason;
        throw upstreamFailure(err, { connectionName: prep.target.connectionName, timeoutMs });
      }
    };
    const oauth = target.pattern.type === 'OAUTH';
    return this.sendRefreshingOn401(call.envId, target, usable, once, (a) => oauth && a.status === 401);
  }

  /**
   * What both entry points do first: refuse echoing methods, check the path, resolve the target and
   * its credentials; synchronously when both are cached (the hot path skips a promise then).
   */
  private begin(envId: string, connectionName: string, identifier: string, method: string, rawTarget: string, trace?: ProxyCall['trace']): Begun | Promise<Begun> {
    if (METHODS_REFUSED.has(method.toUpperCase())) {
      throw new ProxyError('unimplemented', `method ${method} is not proxied (it would echo the injected credential)`, 'PROXY_METHOD_NOT_ALLOWED', 405);
    }
    const callerTarget = checkCallerTarget(rawTarget);
    const resolved = this.resolver.resolve(envId, connectionName, identifier);
    return resolved instanceof Promise ? resolved.then((target) => this.withCredentials(envId, callerTarget, target, trace)) : this.withCredentials(envId, callerTarget, resolved, trace);
  }

  private withCredentials(envId: string, callerTarget: CallerTarget, target: ProxyTarget, trace: ProxyCall['trace'] | undefined): Begun | Promise<Begun> {
    if (trace) {
      trace.connectionId = target.connectionId;
      trace.accountId = target.accountId;
    }
    const cached = this.opts.credentials.cachedUsable?.(envId, target.accountId);
    if (cached) return { callerTarget, target, usable: cached };
    return this.opts.credentials.getUsable(envId, target.accountId).then((usable) => ({ callerTarget, target, usable }));
  }

  /** `send` once; after an OAuth 401 (`unauthorized`), one refresh and one more `send`, and a second 401 marks the account EXPIRED. */
  private async sendRefreshingOn401<T>(
    envId: string,
    target: ProxyTarget,
    usable: UsableCredentials,
    send: (prep: Prepared, retry: boolean) => Promise<T>,
    unauthorized: (result: T) => boolean,
  ): Promise<T> {
    const first = await send(this.prepare(target, usable), false);
    if (!unauthorized(first)) return first;
    const refreshed = await this.opts.credentials.refreshAfterUnauthorized(envId, target.accountId, usable.version);
    const again = await send(this.prepare(target, refreshed), true);
    if (unauthorized(again)) await this.expireAfter401(envId, target.accountId, refreshed.version);
    return again;
  }

  /** Refreshed credentials still got a 401: the account becomes EXPIRED (errors only logged; the caller still gets the provider's answer). */
  private async expireAfter401(envId: string, accountId: string, usedVersion: number): Promise<void> {
    try {
      if (await expireAfterRepeated401(this.opts.storage, envId, accountId, usedVersion)) this.opts.changes?.accountChanged(envId, accountId);
    } catch (err) {
      this.opts.onBackgroundError(err);
    }
  }

  private prepare(target: ProxyTarget, usable: UsableCredentials): Prepared {
    const hit = this.prepared.get(usable);
    if (hit && hit.target === target) return hit;
    const values = accountValues(target.pattern, usable.account, usable.credentials);
    const prep: Prepared = {
      target,
      base: resolveUpstreamBase(target.proxyUrl, values),
      credential: buildCredential(target.pattern, usable.account, usable.credentials, values),
      dispatcher: this.opts.dispatchers.forAllowList(target.allow),
    };
    this.prepared.set(usable, prep);
    return prep;
  }

  private async requestBody(call: ProxyCall, oauth: boolean, idleMs: number): Promise<{ body: Buffer | Readable | undefined; replayable: boolean }> {
    const max = this.opts.maxBodyBytes;
    if (!call.body) return NO_BODY;
    if (call.contentLength !== undefined) {
      if (call.contentLength > max) throw new BodyTooLargeError(max);
      if (oauth && call.contentLength <= REPLAY_MAX_BYTES) return { body: await readAll(call.body, idleMs), replayable: true };
    }
    return { body: guarded(call.body, max, idleMs), replayable: false };
  }

  /**
   * One upstream exchange. An idempotent request whose body can be sent again (none, or buffered)
   * is retried once when the connection breaks before any response; nothing else is ever retried.
   */
  private async send(
    call: ProxyCall,
    callerTarget: CallerTarget,
    prep: Prepared,
    body: Buffer | Readable | undefined,
    sink: ResponseSink,
    keep: { keep401: boolean; held?: Held401 },
  ): Promise<number> {
    const options: Dispatcher.DispatchOptions = {
      origin: prep.base.origin,
      path: upstreamPath(prep.base, callerTarget),
      method: call.method as Dispatcher.HttpMethod,
      headers: upstreamRequestHeaders(call.rawHeaders, prep.credential),
      body: body as Dispatcher.DispatchOptions['body'],
      headersTimeout: prep.target.timeoutMs,
      bodyTimeout: prep.target.timeoutMs,
    };
    const relay = { keep401: keep.keep401, held: keep.held, secrets: prep.credential.secrets };
    try {
      return await relayExchange(prep.dispatcher, options, sink, call.signal, relay);
    } catch (err) {
      const code = String((err as { code?: unknown })?.code ?? '');
      if (BROKEN_CONNECTION.has(code) && IDEMPOTENT.has(call.method) && !(body instanceof Readable) && !call.signal.aborted) {
        try {
          return await relayExchange(prep.dispatcher, options, sink, call.signal, relay);
        } catch (again) {
          err = again;
        }
      }
      throw upstreamFailure(err, { connectionName: prep.target.connectionName, timeoutMs: prep.target.timeoutMs });
    }
  }
}

/** A small body read whole (to be replayable), failed if it stalls for `idleMs`. */
async function readAll(stream: Readable, idleMs: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of guarded(stream, Infinity, idleMs)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * A streamed body, failed with 413 once it passes `max` bytes and with 408 when no bytes arrive for
 * `idleMs` (undici waits forever on a stalled upload). Piped rather than iterated: an iterator's
 * early exit would destroy the caller's request (and its socket) before the error is answered.
 */
function guarded(stream: Readable, max: number, idleMs: number): Readable {
  let seen = 0;
  const stalled = () => counter.destroy(new BodyStalledError(idleMs));
  const idle = setTimeout(stalled, idleMs);
  const counter = new Transform({
    transform(chunk: Buffer, _enc, cb) {
      idle.refresh();
      seen += chunk.length;
      if (seen > max) cb(new BodyTooLargeError(max));
      else cb(null, chunk);
    },
    flush(cb) {
      clearTimeout(idle);
      cb();
    },
    destroy(err, cb) {
      clearTimeout(idle);
      cb(err);
    },
  });
  stream.once('error', (err) => counter.destroy(err));
  return stream.pipe(counter);
}
