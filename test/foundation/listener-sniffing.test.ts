import http from 'node:http';
import http2 from 'node:http2';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen, type Listener } from '../../src/server/listener.js';

/**
 * The one cleartext port tells HTTP/2 (prior knowledge) from HTTP/1.1 by the first bytes and hands
 * the socket itself to the chosen server: the sniffed bytes must reach it however the client split
 * them. (No storage here, so no dialect loop.)
 */
describe('listener: h1 and h2c on one port', () => {
  let listener: Listener;
  beforeAll(async () => {
    listener = await listen((req, res) => res.end(`${req.httpVersion} ${req.method} ${req.url}`), { host: '127.0.0.1', port: 0, requestTimeoutMs: 5000 });
  });
  afterAll(() => listener.close(100));

  const h2Get = (path: string, createConnection?: () => net.Socket) =>
    new Promise<string>((resolve, reject) => {
      const session = http2.connect(`http://127.0.0.1:${listener.port}`, createConnection ? { createConnection } : {});
      session.on('error', reject);
      const req = session.request({ ':path': path });
      let body = '';
      req.on('data', (d) => (body += d));
      req.on('end', () => {
        session.close();
        resolve(body);
      });
      req.on('error', reject);
      req.end();
    });

  it('serves h2c, several streams on one session', async () => {
    expect(await h2Get('/a')).toBe('2.0 GET /a');
    expect(await Promise.all([h2Get('/b'), h2Get('/c')])).toEqual(['2.0 GET /b', '2.0 GET /c']);
  });

  it('serves h2c when the preface arrives a few bytes at a time', async () => {
    // A relay that sends the client's first 30 bytes on in 3-byte TCP writes, 5 ms apart, then the rest as it comes.
    const relay = net.createServer((client) => {
      client.setNoDelay(true);
      const server = net.connect(listener.port, '127.0.0.1');
      server.setNoDelay(true);
      server.pipe(client);
      let sent = 0;
      let queue = Promise.resolve();
      client.on('data', (chunk: Buffer) => {
        queue = queue.then(async () => {
          for (let i = 0; i < chunk.length; ) {
            const n = sent < 30 ? 3 : chunk.length - i;
            server.write(chunk.subarray(i, i + n));
            i += n;
            if (sent < 30) await new Promise((r) => setTimeout(r, 5));
            sent += n;
          }
        });
      });
      client.on('close', () => server.destroy());
      server.on('close', () => client.destroy());
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', () => r()));
    const port = (relay.address() as net.AddressInfo).port;
    try {
      expect(await h2Get('/split', () => net.connect(port, '127.0.0.1'))).toBe('2.0 GET /split');
    } finally {
      relay.close();
    }
  });

  it('serves HTTP/1.1 on the same port, keep-alive included', async () => {
    const agent = new http.Agent({ keepAlive: true });
    const get = (path: string) =>
      new Promise<string>((resolve, reject) => {
        http.get({ host: '127.0.0.1', port: listener.port, path, agent }, (res) => {
          let body = '';
          res.on('data', (d) => (body += d));
          res.on('end', () => resolve(body));
        }).on('error', reject);
      });
    expect(await get('/x')).toBe('1.1 GET /x');
    expect(await get('/y')).toBe('1.1 GET /y');
    agent.destroy();
  });
});
