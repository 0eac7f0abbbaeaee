import net from 'node:net';
import { invalidArgument } from '../errors/domain-error.js';
import { canonicalHost } from './ip-ranges.js';

/** The most entries one environment's allow-list may hold. */
export const MAX_ALLOWED_HOSTS = 100;

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;
/** A last label the URL parser reads as part of an IPv4 address (`127.1`, `0x7f.1`, `foo.123`). */
const NUMERIC_LABEL = /^(?:0x[0-9a-f]*|[0-9]+)$/;

/** The entry as shown in an error: quoted, control characters escaped, long values cut. */
function shown(s: string): string {
  const safe = s.replace(/[\u0000-\u001f\u007f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return `'${safe.length > 80 ? `${safe.slice(0, 80)}…` : safe}'`;
}

/**
 * One allow-list entry in canonical spelling (see canonicalHost), or why it is not one: a DNS host
 * name (letters, digits, hyphens and underscores per label; a trailing dot and the case are dropped) or an IP
 * literal (dotted-quad IPv4, or IPv6 with or without brackets). URLs, ports, paths, wildcards and
 * zone ids are refused: the entry names a host, and applies to every port of it.
 */
export function parseAllowedHost(raw: unknown, field: string): string {
  const bad = (why: string) => invalidArgument(field, why);
  if (typeof raw !== 'string') {
    throw bad(`must be a string (a host name or IP address), not ${raw === null ? 'null' : Array.isArray(raw) ? 'a list' : typeof raw}`);
  }
  const s = raw;
  const v = shown(s);
  const must = `${v} must be a host name or IP address`;
  if (s.trim() === '') throw bad('must not be empty');
  if (/\s/.test(s)) throw bad(`${must}, without spaces`);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(s) || s.startsWith('//')) throw bad(`${must}, not a URL`);
  if (s.includes('*')) throw bad(`${must}: wildcards are not supported, list each host`);
  if (/[/?#\\]/.test(s)) throw bad(`${must}, without a path`);
  if (s.includes('@')) throw bad(`${must}, not a URL`);

  // IPv6, bracketed or not ([::1], ::1, ::ffff:127.0.0.1).
  const bracketed = s.startsWith('[') && s.endsWith(']');
  const v6 = bracketed ? s.slice(1, -1) : s;
  if (net.isIPv6(v6)) {
    if (v6.includes('%')) throw bad(`${must}: IPv6 zone ids (%…) are not supported`);
    return canonicalHost(v6);
  }
  if (/^\[.*\]:\d*$/.test(s)) throw bad(`${must}, without a port (an allowed host covers all its ports)`);
  if (s.includes('[') || s.includes(']')) throw bad(`${must}: brackets may only enclose an IPv6 address`);
  if (net.isIPv4(s)) return canonicalHost(s);

  const colon = s.lastIndexOf(':');
  if (colon >= 0) {
    const port = s.slice(colon + 1);
    const before = s.slice(0, colon);
    if (/^\d*$/.test(port) && before && !before.includes(':')) throw bad(`${must}, without a port (an allowed host covers all its ports)`);
    throw bad(`${must}: it is neither a host name nor a valid IPv6 address`);
  }

  const name = s.toLowerCase().replace(/\.$/, '');
  if (net.isIPv4(name)) return canonicalHost(name);
  if (/[^\x00-\x7f]/.test(name)) throw bad(`${must}: write an internationalised name in its ASCII (xn--) form`);
  const labels = name.split('.');
  if (NUMERIC_LABEL.test(labels[labels.length - 1])) {
    let asUrl: string | undefined;
    try {
      asUrl = new URL(`http://${name}/`).hostname;
    } catch {
      asUrl = undefined;
    }
    throw bad(asUrl && net.isIPv4(asUrl) ? `${v} is not a dotted-quad IPv4 address; write it as ${asUrl}` : `${must}: it is not a valid IPv4 address, and a host name cannot end in a numeric label`);
  }
  if (name.length > 253) throw bad(`${must}: a host name has at most 253 characters`);
  const wrong = labels.find((l) => !LABEL.test(l));
  if (wrong !== undefined) {
    throw bad(
      wrong === ''
        ? `${must}: it has an empty label (two dots in a row, or a leading dot)`
        : wrong.length > 63
          ? `${must}: a label has at most 63 characters`
          : `${must}: labels hold only letters, digits, hyphens and underscores (service names such as my_service), and do not start or end with a hyphen`,
    );
  }
  return canonicalHost(name);
}

/**
 * An allow-list (`proxy_allowed_hosts`) from untrusted input: a list of at most
 * MAX_ALLOWED_HOSTS entries (see parseAllowedHost), returned canonical, de-duplicated and sorted.
 * Errors name the field and the entry's index: `hosts[2] 'http://x' must be … not a URL`.
 */
export function parseAllowedHosts(raw: unknown, field: string): string[] {
  if (!Array.isArray(raw)) throw invalidArgument(field, 'must be a list of host names or IP addresses, such as ["127.0.0.1", "sidecar.internal"]');
  if (raw.length > MAX_ALLOWED_HOSTS) throw invalidArgument(field, `has ${raw.length} entries; at most ${MAX_ALLOWED_HOSTS} are allowed`);
  const hosts = new Set(raw.map((h, i) => parseAllowedHost(h, `${field}[${i}]`)));
  return [...hosts].sort();
}
