import net from 'node:net';

/**
 * Why an address is not a public unicast destination, or undefined when it is.
 * IPv4 ranges follow the IANA special-purpose registry (RFC 6890 and successors); IPv6 addresses
 * that embed an IPv4 one (mapped `::ffff:a.b.c.d`, compatible `::a.b.c.d`, NAT64 `64:ff9b::/96`,
 * 6to4 `2002::/16`) are judged by the IPv4 address they reach.
 */
export function nonPublicKind(address: string): string | undefined {
  const v4 = parseIPv4(address);
  if (v4) return ipv4Kind(v4);
  const v6 = parseIPv6(address);
  if (v6) return ipv6Kind(v6);
  return 'not an IP address';
}

/** Dotted-quad only: odd spellings (`127.1`, octal, hex, decimal) are normalised by the URL parser first. */
export function parseIPv4(s: string): number[] | undefined {
  if (net.isIPv4(s) === false) return undefined;
  return s.split('.').map(Number);
}

/** Eight 16-bit groups; accepts `::` compression, an embedded dotted quad and a zone id. */
export function parseIPv6(input: string): number[] | undefined {
  let s = input.startsWith('[') && input.endsWith(']') ? input.slice(1, -1) : input;
  const zone = s.indexOf('%');
  if (zone >= 0) s = s.slice(0, zone);
  if (!net.isIPv6(s)) return undefined;
  const lastColon = s.lastIndexOf(':');
  const tail = s.slice(lastColon + 1);
  if (tail.includes('.')) {
    const q = parseIPv4(tail);
    if (!q) return undefined;
    s = `${s.slice(0, lastColon + 1)}${((q[0] << 8) | q[1]).toString(16)}:${((q[2] << 8) | q[3]).toString(16)}`;
  }
  const halves = s.split('::');
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const fill = halves.length === 2 ? 8 - head.length - rest.length : 0;
  const groups = [...head, ...Array<string>(fill).fill('0'), ...rest].map((g) => parseInt(g, 16));
  return groups.length === 8 && groups.every((g) => g >= 0 && g <= 0xffff) ? groups : undefined;
}

function ipv4Kind([a, b, c, d]: number[]): string | undefined {
  if (a === 0) return 'an unspecified ("this network") address';
  if (a === 127) return 'a loopback address';
  if (a === 10 || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168)) return 'a private-network address';
  if (a === 100 && b >= 64 && b <= 127) return 'a shared (carrier-grade NAT) address';
  if (a === 169 && b === 254) return c === 169 && d === 254 ? 'the cloud metadata address' : 'a link-local address';
  if (a === 168 && b === 63 && c === 129 && d === 16) return 'the cloud metadata address';
  if (a === 192 && b === 0 && c === 0) return 'an IETF protocol address';
  if ((a === 192 && b === 0 && c === 2) || (a === 198 && b === 51 && c === 100) || (a === 203 && b === 0 && c === 113)) return 'a documentation address';
  if (a === 198 && (b === 18 || b === 19)) return 'a benchmarking address';
  if (a >= 224 && a <= 239) return 'a multicast address';
  if (a >= 240) return 'a reserved or broadcast address';
  return undefined;
}

function ipv6Kind(g: number[]): string | undefined {
  const embedded = (hi: number, lo: number) => [hi >> 8, hi & 0xff, lo >> 8, lo & 0xff];
  const zeroTo = (n: number) => g.slice(0, n).every((x) => x === 0);
  if (zeroTo(8)) return 'an unspecified address';
  if (zeroTo(7) && g[7] === 1) return 'a loopback address';
  if (zeroTo(5) && g[5] === 0xffff) return withV4('IPv4-mapped', embedded(g[6], g[7]));
  if (zeroTo(6)) return withV4('IPv4-compatible', embedded(g[6], g[7]));
  if (g[0] === 0x64 && g[1] === 0xff9b && g.slice(2, 6).every((x) => x === 0)) return withV4('NAT64', embedded(g[6], g[7]));
  if (g[0] === 0x64 && g[1] === 0xff9b && g[2] === 1) return 'a local-use NAT64 address';
  if (g[0] === 0x2002) return withV4('6to4', embedded(g[1], g[2]));
  if (g[0] === 0x2001 && g[1] === 0) return 'a Teredo tunnel address';
  if ((g[0] & 0xfe00) === 0xfc00) return 'a unique-local (private) address';
  if ((g[0] & 0xffc0) === 0xfe80) return 'a link-local address';
  if ((g[0] & 0xffc0) === 0xfec0) return 'a site-local (private) address';
  if ((g[0] & 0xff00) === 0xff00) return 'a multicast address';
  if (g[0] === 0x2001 && g[1] === 0xdb8) return 'a documentation address';
  if (g[0] === 0x100 && zeroTo(4)) return 'a discard-only address';
  return undefined;
}

function withV4(label: string, q: number[]): string | undefined {
  const kind = ipv4Kind(q);
  return kind ? `${kind} (${label} ${q.join('.')})` : undefined;
}

/** The canonical spelling of a host for comparisons: IPs as Node prints them, names lowercase without a trailing dot. */
export function canonicalHost(host: string): string {
  const bare = host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
  if (net.isIPv6(bare)) {
    try {
      return new URL(`http://[${bare}]/`).hostname.slice(1, -1);
    } catch {
      return bare.toLowerCase();
    }
  }
  return bare.toLowerCase().replace(/\.$/, '');
}
