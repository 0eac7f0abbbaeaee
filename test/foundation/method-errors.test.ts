import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { envAccessToken } from '../helpers/env-token.js';

interface Answer {
  status: number;
  allow: string | null;
  json: { code: string; message: string; details: Array<{ error_code: string }> };
}

/**
 * A known path asked with a method it does not serve answers 405 with an `Allow` header and the
 * body code UNIMPLEMENTED + ErrorInfo METHOD_NOT_ALLOWED, on the transcoder's routes and on
 * Latchkey's own (Fastify) routes alike; an unknown path stays 404.
 */
for (const dialect of DIALECTS) {
  describe(`method errors on every REST route (${dialect.name})`, () => {
    let server: TestServer;
    let token: string;

    const call = async (method: string, path: string, body?: unknown): Promise<Answer> => {
      const res = await fetch(server.url + path, {
        method,
        headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, allow: res.headers.get('allow'), json: JSON.parse(text || '{}') };
    };
    const expectMethodError = (a: Answer, method: string, path: string, allow: string) => {
      expect(a.status).toBe(405);
      expect(a.allow).toBe(allow);
      expect(a.json.code).toBe('UNIMPLEMENTED');
      expect(a.json.details[0].error_code).toBe('METHOD_NOT_ALLOWED');
      expect(a.json.message).toBe(`${method} is not allowed on ${path}; it answers ${allow}`);
    };

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      token = await envAccessToken(server.url, await server.newClient());
    });
    afterAll(async () => server?.close());

    it(':enable and :disable are PATCH; POST answers 405 naming PATCH, and changes nothing', async () => {
      const created = await call('POST', '/api/v1/connections', { provider_key: 'linear', key_id: 'linear-methods' });
      expect(created.status).toBe(200);
      const id = (created.json as unknown as { connection: { id: string } }).connection.id;

      for (const verb of ['disable', 'enable']) {
        const path = `/api/v1/connections/${id}:${verb}`;
        expectMethodError(await call('POST', path), 'POST', path, 'PATCH');
        expectMethodError(await call('PUT', path, {}), 'PUT', path, 'PATCH');
      }
      const still = await call('GET', `/api/v1/connections/${id}`);
      expect((still.json as unknown as { connection: { enabled: boolean } }).connection.enabled).toBe(true);

      const off = await call('PATCH', `/api/v1/connections/${id}:disable`);
      expect(off.status).toBe(200);
      expect(off.json).toEqual({ enabled: false });
      const on = await call('PATCH', `/api/v1/connections/${id}:enable`);
      expect(on.status).toBe(200);
      expect(on.json).toMatchObject({ enabled: true });
    });

    it('transcoder paths list every method bound to them', async () => {
      expectMethodError(await call('DELETE', '/api/v1/organizations'), 'DELETE', '/api/v1/organizations', 'GET, POST');
      expectMethodError(await call('POST', '/api/v1/connections/conn_x'), 'POST', '/api/v1/connections/conn_x', 'GET, PATCH, DELETE');
      // OPTIONS never reaches the transcoder's handler: Fastify's not-found handler answers from the same table.
      expectMethodError(await call('OPTIONS', '/api/v1/organizations'), 'OPTIONS', '/api/v1/organizations', 'GET, POST');
    });

    it("Latchkey's own routes answer 405 too, under /api and elsewhere", async () => {
      expectMethodError(await call('PATCH', '/api/v1/custom-providers/my_asana', {}), 'PATCH', '/api/v1/custom-providers/my_asana', 'PUT, DELETE');
      expectMethodError(await call('DELETE', '/api/v1/agent-auth/proxy-allowed-hosts'), 'DELETE', '/api/v1/agent-auth/proxy-allowed-hosts', 'GET, HEAD, PUT');
      expectMethodError(await call('GET', '/oauth/token'), 'GET', '/oauth/token', 'POST');
      expectMethodError(await call('POST', '/healthz'), 'POST', '/healthz', 'GET, HEAD');
      expectMethodError(await call('PUT', '/keys?x=1'), 'PUT', '/keys', 'GET, HEAD');
    });

    it('an unknown path is still 404, never 405', async () => {
      const api = await call('GET', '/api/v1/no-such-thing');
      expect(api.status).toBe(404);
      expect(api.allow).toBeNull();
      expect(api.json.details[0].error_code).toBe('ROUTE_NOT_FOUND');
      const other = await call('POST', '/no-such-page');
      expect(other.status).toBe(404);
      expect(other.allow).toBeNull();
      expect(other.json.code).toBe('NOT_FOUND');
    });
  });
}
