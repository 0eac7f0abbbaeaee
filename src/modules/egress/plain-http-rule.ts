import net from 'node:net';
import { canonicalHost, nonPublicKind } from './ip-ranges.js';

/**
 * The one rule for cleartext: an upstream URL is used exactly as written, `https://` always means
 * TLS, and `http://` is allowed only for a loopback host (traffic that never leaves the machine:
 * a local fake, a sidecar), written literally in the definition and listed in the environment's
 * `proxy_allowed_hosts` (checked at connect time by the SSRF guard, like any non-public host).
 */
export const PLAIN_HTTP_RULE =
  'http is accepted only for a loopback host written out in the URL (localhost, 127.0.0.1 or [::1], not a template), which the environment must list in proxy_allowed_hosts';

/** Whether `hostname` (as `new URL().hostname` spells it) may be named by an http URL: `localhost` or a loopback IP literal. */
export function isPlainHttpHost(hostname: string): boolean {
  const h = canonicalHost(hostname);
  return h === 'localhost' || isLoopbackAddress(h);
}

/** Whether an address (what a host resolved to) is loopback: the only addresses plain http is spoken to. */
export function isLoopbackAddress(address: string): boolean {
  return net.isIP(address) !== 0 && nonPublicKind(address)?.startsWith('a loopback address') === true;
}

/** The kind a refused plain-http address is given (see DestinationRefusedError). */
export const NOT_LOOPBACK_FOR_HTTP = 'not a loopback address, and plain http is spoken only to loopback addresses (use https)';
