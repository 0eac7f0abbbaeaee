import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { envAccessToken } from '../helpers/env-token.js';
import { eventually } from '../helpers/test-utils.js';
import { envelope, grpcWebStatus, rawGrpc, rawHttp } from '../helpers/raw-wire.js';

const SERVICE = 'scalekit.v1.organizations.OrganizationService';
/** ListOrganizationRequest.page_token (field 2, a proto3 string) holding bytes that are not UTF-8. */
const INVALID_UTF8 = new BinaryWriter().tag(2, WireType.LengthDelimited).bytes(new Uint8Array([0x61, 0xff, 0xfe, 0x62])).finish();
/** Stands for anything a caller sends: it must never reach a log line. */
const PAYLOAD = 'payload-7f3e9a';

for (const dialect of DIALECTS) {
  describe(`every RPC answered with an error status logs exactly one JSON line (${dialect.name})`, () => {
    let server: TestServer;
    let token: string;

    beforeAll(async () => {
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      token = await envAccessToken(server.url, await server.newClient());
    });
    afterAll(async () => server?.close());

    const linesOf = (requestId: string) => server.logs.filter((l) => l.includes(requestId)).map((l) => JSON.parse(l));
    /** The one line for `requestId`, once it is written (gRPC logs when its trailers go out). */
    async function onlyLine(requestId: string) {
      await eventually(async () => (linesOf(requestId).length ? true : undefined));
      const lines = linesOf(requestId);
      expect(lines, requestId).toHaveLength(1);
      return lines[0];
    }
    const connectJson = (method: string, body: unknown, headers: Record<string, string>) =>
      rawHttp(server.url, { path: `/${SERVICE}/${method}`, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

    it('a request the server cannot decode (gRPC, gRPC-Web, Connect) logs code, method and request id at info', async () => {
      const auth = { authorization: `Bearer ${token}` };
      expect((await rawGrpc(server.url, `/${SERVICE}/ListOrganization`, INVALID_UTF8, { ...auth, 'x-request-id': 'rid-grpc-undecodable' })).status).toBe('3');
      const web = await rawHttp(server.url, {
        path: `/${SERVICE}/ListOrganization`,
        headers: { ...auth, 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1', 'x-request-id': 'rid-web-undecodable' },
        body: envelope(INVALID_UTF8),
      });
      expect(grpcWebStatus(web.body).status).toBe('3');
      const connect = await rawHttp(server.url, { path: `/${SERVICE}/ListOrganization`, headers: { ...auth, 'content-type': 'application/proto', 'x-request-id': 'rid-connect-undecodable' }, body: INVALID_UTF8 });
      expect(connect.status).toBe(400);
      for (const id of ['rid-grpc-undecodable', 'rid-web-undecodable', 'rid-connect-undecodable']) {
        expect(await onlyLine(id)).toMatchObject({ level: 30, msg: 'rpc failed', rpc: `${SERVICE}/ListOrganization`, rpcCode: 'invalid_argument', requestId: id });
      }
    });

    it('domain failures log one info line each, without the payload or the error message; successes log none', async () => {
      const auth = { authorization: `Bearer ${token}` };
      expect((await connectJson('GetOrganization', { id: `org_${PAYLOAD}` }, { ...auth, 'x-request-id': 'rid-not-found' })).status).toBe(404);
      expect((await connectJson('CreateOrganization', { organization: { displayName: `${PAYLOAD}\u0000` } }, { ...auth, 'x-request-id': 'rid-nul' })).status).toBe(400);
      expect((await connectJson('ListOrganization', {}, { 'x-request-id': 'rid-anonymous' })).status).toBe(401);
      expect((await rawGrpc(server.url, '/scalekit.v1.directories.DirectoryService/ListDirectories', new Uint8Array(), { ...auth, 'x-request-id': 'rid-unimplemented' })).status).toBe('12');
      expect(await onlyLine('rid-not-found')).toMatchObject({ level: 30, rpcCode: 'not_found', rpc: `${SERVICE}/GetOrganization` });
      expect(await onlyLine('rid-nul')).toMatchObject({ level: 30, rpcCode: 'invalid_argument' });
      expect(await onlyLine('rid-anonymous')).toMatchObject({ level: 30, rpcCode: 'unauthenticated' });
      expect(await onlyLine('rid-unimplemented')).toMatchObject({ level: 30, rpcCode: 'unimplemented', rpc: 'scalekit.v1.directories.DirectoryService/ListDirectories' });
      expect(Object.keys(linesOf('rid-not-found')[0]).sort()).toEqual(['level', 'msg', 'requestId', 'rpc', 'rpcCode', 'service', 'time']);
      expect(server.logs.filter((l) => l.includes(PAYLOAD))).toEqual([]);

      expect((await connectJson('ListOrganization', {}, { ...auth, 'x-request-id': 'rid-ok' })).status).toBe(200);
      expect(linesOf('rid-ok')).toEqual([]);
      // An x-request-id that does not look like one is replaced, not logged.
      expect((await connectJson('ListOrganization', {}, { 'x-request-id': `"${PAYLOAD} {}` })).status).toBe(401);
      expect(server.logs.filter((l) => l.includes(PAYLOAD))).toEqual([]);
    });

    it('an unexpected error logs one error line, with the request id the caller is told to quote', async () => {
      // Break storage for real: the table the call reads is gone.
      await sql`alter table organizations rename to organizations_gone`.execute(server.core.storage.db);
      const before = server.logs.length;
      const res = await connectJson('ListOrganization', {}, { authorization: `Bearer ${token}`, 'x-request-id': 'rid-internal' });
      expect(res.status).toBe(500);
      const quoted = /quote request id (\S+) /.exec(JSON.parse(res.body.toString()).message)?.[1];
      expect(quoted).toBeTruthy();
      const grpc = await rawGrpc(server.url, `/${SERVICE}/ListOrganization`, new Uint8Array(), { authorization: `Bearer ${token}`, 'x-request-id': 'rid-internal-grpc' });
      expect(grpc.status).toBe('13');
      const quotedGrpc = /quote request id (\S+) /.exec(grpc.message)?.[1];
      const failureLines = server.logs.slice(before).map((l) => JSON.parse(l)).filter((l) => l.level >= 30);
      expect(failureLines).toEqual([
        expect.objectContaining({ level: 50, msg: 'unexpected error', requestId: quoted }),
        expect.objectContaining({ level: 50, msg: 'unexpected error', requestId: quotedGrpc }),
      ]);
      await sql`alter table organizations_gone rename to organizations`.execute(server.core.storage.db);
    });
  });
}
