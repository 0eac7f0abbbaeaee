import http from 'node:http';
import http2 from 'node:http2';

/** A gRPC / gRPC-Web length-prefixed message frame (uncompressed). */
export function envelope(payload: Uint8Array, flags = 0): Buffer {
  const frame = Buffer.alloc(5 + payload.length);
  frame[0] = flags;
  frame.writeUInt32BE(payload.length, 1);
  Buffer.from(payload).copy(frame, 5);
  return frame;
}

/** The status a gRPC-Web body carries in its trailer frame (flag 0x80). */
export function grpcWebStatus(body: Buffer): { status: string; message: string } {
  for (let at = 0; at + 5 <= body.length; ) {
    const len = body.readUInt32BE(at + 1);
    if (body[at] & 0x80) {
      const fields = Object.fromEntries(
        body.subarray(at + 5, at + 5 + len).toString('utf8').split('\r\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf(':')).trim().toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      return { status: fields['grpc-status'] ?? '', message: decodeURIComponent(fields['grpc-message'] ?? '') };
    }
    at += 5 + len;
  }
  throw new Error('gRPC-Web body has no trailer frame');
}

/** One raw gRPC call over h2c; resolves with the status from trailers (or trailers-only headers). */
export async function rawGrpc(url: string, path: string, payload: Uint8Array, headers: Record<string, string> = {}, deadlineMs = 5000): Promise<{ status: string; message: string }> {
  const session = http2.connect(url);
  session.on('error', () => undefined);
  try {
    return await new Promise((resolve, reject) => {
      const req = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc+proto', te: 'trailers', ...headers });
      const timer = setTimeout(() => reject(new Error(`gRPC ${path} did not finish within ${deadlineMs} ms`)), deadlineMs);
      req.on('close', () => clearTimeout(timer));
      let head: http2.IncomingHttpHeaders = {};
      req.on('response', (h) => (head = h));
      req.on('trailers', (t) => resolve({ status: String(t['grpc-status']), message: decodeURIComponent(String(t['grpc-message'] ?? '')) }));
      req.on('end', () => resolve({ status: String(head['grpc-status']), message: decodeURIComponent(String(head['grpc-message'] ?? '')) }));
      req.on('error', reject);
      req.resume();
      req.end(envelope(payload));
    });
  } finally {
    session.close();
  }
}

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * One HTTP/1.1 request on its own connection (no keep-alive pool, so open sockets are only the
 * ones the server has not finished); rejects if the whole response has not arrived within the deadline.
 */
export function rawHttp(url: string, opts: { method?: string; path: string; headers?: Record<string, string>; body?: Uint8Array | string; deadlineMs?: number }): Promise<RawResponse> {
  const deadlineMs = opts.deadlineMs ?? 5000;
  return new Promise((resolve, reject) => {
    const req = http.request(url + opts.path, { method: opts.method ?? 'POST', headers: opts.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', reject);
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`${opts.method ?? 'POST'} ${opts.path.slice(0, 120)} did not finish within ${deadlineMs} ms`));
    }, deadlineMs);
    req.on('close', () => clearTimeout(timer));
    req.on('error', reject);
    req.end(opts.body);
  });
}
