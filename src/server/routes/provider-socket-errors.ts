import type { EventEmitter } from 'node:events';
import type Provider from 'oidc-provider';
import type { Logger } from '../../logging/logger.js';

/**
 * oidc-provider is a Koa app, and Koa prints any error it sees on a request's stream with
 * console.error unless the app has an 'error' listener. Most are the client's doing (a malformed
 * or pipelined request, a reset connection): those go to the debug log; anything else is reported.
 */
export function routeProviderErrors(provider: Provider, log: Logger, report: (err: unknown) => string): void {
  // Koa's own 'error' event, which oidc-provider's typings (its events only) do not list.
  (provider as unknown as EventEmitter).on('error', (err: unknown) => {
    const e = err as { code?: unknown; status?: unknown; expose?: unknown };
    const clientSide = (typeof e.code === 'string' && (e.code.startsWith('HPE_') || e.code === 'ECONNRESET' || e.code === 'EPIPE')) || e.expose === true || (typeof e.status === 'number' && e.status < 500);
    if (clientSide) log.debug({ code: e.code, status: e.status }, 'authorization server: client request error');
    else report(err);
  });
}
