import fs from 'node:fs';
import tls from 'node:tls';

/**
 * The CAs trusted for outbound HTTPS: Node's bundled roots plus the PEM bundle named by
 * UPSTREAM_CA_FILE (private CAs, the tests' loopback upstreams). Undefined without a file, which
 * leaves Node's default (the bundled roots): a `ca` option replaces the roots, so they are repeated.
 */
export function upstreamCa(upstreamCaFile: string | undefined): string[] | undefined {
  return upstreamCaFile ? [...tls.rootCertificates, fs.readFileSync(upstreamCaFile, 'utf8')] : undefined;
}
