import { Readable } from 'node:stream';
import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * A Node request as the web-standard Request the MCP SDK serves (HTTP/1.1 and HTTP/2 alike:
 * pseudo-headers are dropped), with its body already read (readNodeBody) or, without one, streamed. Its signal aborts when the caller goes
 * away, which cancels the MCP request (and the tool execution under it).
 */
export function toWebRequest(req: IncomingMessage, res: ServerResponse, baseUrl: string, body?: string): Request {
  const headers = new Headers();
  for (const [k, v] of Object.entries(req.headers)) {
    if (k.startsWith(':') || v === undefined) continue;
    for (const item of Array.isArray(v) ? v : [v]) headers.append(k, item);
  }
  const controller = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  const method = req.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return new Request(new URL(req.url ?? '/', baseUrl), { method, headers, signal: controller.signal });
  // Without a body read beforehand, the Node stream becomes the Request's (Node's fetch needs duplex for that).
  const stream = body ?? (Readable.toWeb(req) as ReadableStream<Uint8Array>);
  return new Request(new URL(req.url ?? '/', baseUrl), { method, headers, body: stream, signal: controller.signal, ...(body === undefined ? { duplex: 'half' } : {}) } as RequestInit);
}

/** Writes a web Response to the Node response: a JSON body at once, an SSE body streamed (frames are flushed as they come). */
export async function writeWebResponse(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, key) => {
    headers[key] = value;
  });
  if (!response.body) {
    res.writeHead(response.status, headers);
    res.end();
    return;
  }
  // A JSON answer (the stateless revision's usual one) is whole already: one write, with its length.
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    const whole = Buffer.from(await response.arrayBuffer());
    res.writeHead(response.status, { ...headers, 'content-length': String(whole.length) });
    res.end(whole);
    return;
  }
  res.writeHead(response.status, headers);
  const reader = response.body.getReader();
  const stop = () => void reader.cancel().catch(() => undefined);
  res.once('close', stop);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (!res.write(value)) await new Promise<void>((resolve) => res.once('drain', resolve));
    }
    res.end();
  } catch {
    // The caller went away mid-stream: nothing left to write to.
    res.destroy();
  } finally {
    res.off('close', stop);
  }
}
