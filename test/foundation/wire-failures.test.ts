import fs from 'node:fs';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { envAccessToken } from '../helpers/env-token.js';
import { eventually } from '../helpers/test-utils.js';
import { envelope, grpcWebStatus, rawGrpc, rawHttp } from '../helpers/raw-wire.js';

const LIST_ORGS = '/scalekit.v1.organizations.OrganizationService/ListOrganization';
// An RPC no issue has built yet (directory sync): what every not-yet-built RPC answers.
const LIST_DIRECTORIES = '/scalekit.v1.directories.DirectoryService/ListDirectories';
/** A length-delimited field 1 whose varint length never ends: undecodable as any message. */
const UNDECODABLE = Buffer.from([0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f, 0x01]);
/** ListOrganizationRequest.page_token (field 2, a proto3 string) holding bytes that are not UTF-8. */
const INVALID_UTF8 = new BinaryWriter().tag(2, WireType.LengthDelimited).bytes(new Uint8Array([0x61, 0xff, 0xfe, 0x62])).finish();

const openFds = () => fs.readdirSync('/proc/self/fd').length;

for (const dialect of DIALECTS) {
  describe(`every failure on every wire ends its response (${dialect.name})`, () => {
    let server: TestServer;
    let token: string;
    let consoleError: MockInstance<typeof console.error>;

    beforeAll(async () => {
      // connect-es's own adapter printed its failures here; the server must log them as JSON instead.
      consoleError = vi.spyOn(console, 'error');
      server = await startTestServer({ databaseUrl: dialect.databaseUrl });
      token = await envAccessToken(server.url, await server.newClient());
    });
    afterAll(async () => {
      consoleError?.mockRestore();
      await server?.close();
    });

    const connectBinary = (path: string, body: Uint8Array, headers: Record<string, string> = {}) =>
      rawHttp(server.url, { path, headers: { 'content-type': 'application/proto', ...headers }, body });
    const grpcWeb = (path: string, payload: Uint8Array, headers: Record<string, string> = {}) =>
      rawHttp(server.url, { path, headers: { 'content-type': 'application/grpc-web+proto', 'x-grpc-web': '1', ...headers }, body: envelope(payload) });

    it('ends an undecodable Connect binary request with 400 invalid_argument, and 200 of them leak no file descriptor', async () => {
      const first = await connectBinary(LIST_ORGS, UNDECODABLE);
      expect(first.status).toBe(400);
      expect(JSON.parse(first.body.toString())).toMatchObject({ code: 'invalid_argument', message: expect.stringContaining('parse binary') });
      const before = openFds();
      for (let batch = 0; batch < 20; batch++) {
        const answers = await Promise.all(Array.from({ length: 10 }, () => connectBinary(LIST_ORGS, UNDECODABLE)));
        expect(answers.map((a) => a.status)).toEqual(Array(10).fill(400));
      }
      // Closed sockets leave the fd table a moment after the response ends.
      await eventually(async () => (openFds() <= before + 3 ? true : undefined));
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    });

    it('answers undecodable Connect binary with 400 whether or not the caller is authenticated, and over GET', async () => {
      const authed = await connectBinary(LIST_ORGS, UNDECODABLE, { authorization: `Bearer ${token}` });
      expect(authed.status).toBe(400);
      expect(JSON.parse(authed.body.toString()).code).toBe('invalid_argument');
      const message = UNDECODABLE.toString('base64url');
      const viaGet = await rawHttp(server.url, { method: 'GET', path: `${LIST_ORGS}?encoding=proto&base64=1&message=${message}` });
      // ListOrganization has side effects in the SDK's eyes (no idempotency option), so GET is not allowed; either way it ends.
      expect([400, 405]).toContain(viaGet.status);
    });

    it('answers invalid UTF-8 in a string field with InvalidArgument on gRPC-Web, gRPC and Connect', async () => {
      const web = await grpcWeb(LIST_ORGS, INVALID_UTF8, { authorization: `Bearer ${token}` });
      expect(web.status).toBe(200);
      expect(grpcWebStatus(web.body)).toMatchObject({ status: '3', message: expect.stringContaining('parse binary') });

      const grpc = await rawGrpc(server.url, LIST_ORGS, INVALID_UTF8, { authorization: `Bearer ${token}` });
      expect(grpc.status).toBe('3');

      const connect = await connectBinary(LIST_ORGS, INVALID_UTF8, { authorization: `Bearer ${token}` });
      expect(connect.status).toBe(400);
      expect(JSON.parse(connect.body.toString()).code).toBe('invalid_argument');
    });

    it('answers undecodable gRPC-Web and gRPC frames with InvalidArgument', async () => {
      expect(grpcWebStatus((await grpcWeb(LIST_ORGS, UNDECODABLE)).body).status).toBe('3');
      expect((await rawGrpc(server.url, LIST_ORGS, UNDECODABLE)).status).toBe('3');
    });

    it('answers an anonymous call to an unimplemented RPC with Unauthenticated on every wire', async () => {
      expect((await rawGrpc(server.url, LIST_DIRECTORIES, new Uint8Array())).status).toBe('16');
      expect(grpcWebStatus((await grpcWeb(LIST_DIRECTORIES, new Uint8Array())).body).status).toBe('16');
      const connect = await rawHttp(server.url, { path: LIST_DIRECTORIES, headers: { 'content-type': 'application/json' }, body: '{}' });
      expect(connect.status).toBe(401);
      expect(JSON.parse(connect.body.toString()).code).toBe('unauthenticated');
      const rest = await fetch(`${server.url}/api/v1/organizations/org_1/directories`);
      expect(rest.status).toBe(401);
      expect(((await rest.json()) as { code: string }).code).toBe('UNAUTHENTICATED');
    });

    it('answers an authenticated call to an unimplemented RPC with Unimplemented naming it on every wire', async () => {
      const auth = { authorization: `Bearer ${token}` };
      const named = 'scalekit.v1.directories.DirectoryService.ListDirectories is not implemented';
      expect(await rawGrpc(server.url, LIST_DIRECTORIES, new Uint8Array(), auth)).toEqual({ status: '12', message: named });
      expect(grpcWebStatus((await grpcWeb(LIST_DIRECTORIES, new Uint8Array(), auth)).body)).toEqual({ status: '12', message: named });
      const connect = await rawHttp(server.url, { path: LIST_DIRECTORIES, headers: { 'content-type': 'application/json', ...auth }, body: '{}' });
      expect(connect.status).toBe(501);
      expect(JSON.parse(connect.body.toString())).toMatchObject({ code: 'unimplemented', message: named });
      const rest = await fetch(`${server.url}/api/v1/organizations/org_1/directories`, { headers: auth });
      expect(rest.status).toBe(501);
      expect(((await rest.json()) as { message: string }).message).toBe(named);
    });

    it('answers an RPC request that names no host with 400 and keeps serving', async () => {
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = net.connect(server.port, '127.0.0.1', () => socket.end(`POST ${LIST_ORGS} HTTP/1.0\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n{}`));
        let text = '';
        socket.on('data', (d) => (text += d.toString()));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      expect(raw).toMatch(/^HTTP\/1\.[01] 400/);
      expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
    });

    it('never wrote a stack or ERR_HTTP_HEADERS_SENT, to stderr or the JSON log', () => {
      expect(consoleError).not.toHaveBeenCalled();
      expect(server.logs.filter((l) => /ERR_HTTP_HEADERS_SENT|\n\s+at /.test(l) || !l.startsWith('{'))).toEqual([]);
    });
  });
}
