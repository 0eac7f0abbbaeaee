import type { IncomingMessage } from 'node:http';

export type NodeBody = { tooLarge: true } | { tooLarge: false; text: string };

/**
 * The whole request body as text, read straight from the Node stream's events (far cheaper than a
 * web ReadableStream, and than `for await`, which costs promises per chunk), up to `maxBytes`.
 * Beyond it the rest is drained unread.
 */
export function readNodeBody(req: IncomingMessage, maxBytes: number): Promise<NodeBody> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (declared > maxBytes) {
    req.resume();
    return Promise.resolve({ tooLarge: true });
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      req.off('data', onData);
      req.resume();
      resolve({ tooLarge: true });
    };
    req.on('data', onData);
    req.once('end', () => resolve({ tooLarge: false, text: chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks).toString('utf8') }));
    // An aborted upload: the caller is gone, so nothing will be answered.
    req.once('error', reject);
    req.once('close', () => (req.complete ? undefined : reject(new Error('the request was aborted before its body arrived'))));
  });
}
