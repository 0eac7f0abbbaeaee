import http2 from 'node:http2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalekitClient } from '@scalekit-sdk/node';
import { SignJWT, generateKeyPair } from 'jose';
import { startTestServer, type TestServer } from '../helpers/test-server.js';
import { envAccessToken } from '../helpers/env-token.js';

/** Sends one raw gRPC request over h2c and returns the trailers' status and message. */
async function rawGrpc(url: string, path: string, payload: Buffer, token: string): Promise<{ status: string; message: string }> {
  const session = http2.connect(url);
  try {
    return await new Promise((resolve, reject) => {
      const req = session.request({ ':method': 'POST', ':path': path, 'content-type': 'application/grpc+proto', te: 'trailers', authorization: `Bearer ${token}` });
      let headers: http2.IncomingHttpHeaders = {};
      req.on('response', (h) => (headers = h));
      req.on('trailers', (t) => resolve({ status: String(t['grpc-status']), message: decodeURIComponent(String(t['grpc-message'] ?? '')) }));
      req.on('end', () => resolve({ status: String(headers['grpc-status']), message: decodeURIComponent(String(headers['grpc-message'] ?? '')) }));
      req.on('error', reject);
      req.resume();
      const frame = Buffer.alloc(5 + payload.length);
      frame.writeUInt32BE(payload.length, 1);
      payload.copy(frame, 5);
      req.end(frame);
    });
  } finally {
    session.close();
  }
}

describe('authentication and bad input', () => {
  let server: TestServer;
  let client: { clientId: string; clientSecret: string };

  beforeAll(async () => {
    server = await startTestServer();
    client = await server.newClient();
  });
  afterAll(async () => server?.close());

  const restWith = (token: string) => fetch(`${server.url}/api/v1/organizations`, { headers: { authorization: `Bearer ${token}` } });

  it('accepts HTTP Basic client authentication at /oauth/token and serves the JWKS', async () => {
    const res = await fetch(`${server.url}/oauth/token`, {
      method: 'POST',
      headers: { authorization: 'Basic ' + Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64'), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(3600);
    const jwks = (await (await fetch(`${server.url}/keys`)).json()) as { keys: Array<{ kid: string; kty: string; d?: string }> };
    expect(jwks.keys.length).toBe(1);
    expect(jwks.keys[0].kty).toBe('RSA');
    expect(jwks.keys[0].d).toBeUndefined();
    const header = JSON.parse(Buffer.from(body.access_token.split('.')[0], 'base64url').toString());
    expect(header.kid).toBe(jwks.keys[0].kid);
  });

  it('refuses a missing grant type, missing credentials and wrong grant types clearly', async () => {
    const post = (body: string) => fetch(`${server.url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    expect(await (await post('client_id=a&client_secret=b')).json()).toEqual({ error: 'invalid_request', error_description: 'grant_type is required (client_credentials, authorization_code or refresh_token)' });
    expect(((await (await post('grant_type=password')).json()) as any).error).toBe('unsupported_grant_type');
    expect(((await (await post('grant_type=client_credentials')).json()) as any).error_description).toContain('client_id and client_secret are required');
  });

  it('answers Unauthenticated for missing, malformed, forged and expired tokens', async () => {
    const noToken = await fetch(`${server.url}/api/v1/organizations`);
    expect(noToken.status).toBe(401);
    expect(((await noToken.json()) as any).message).toContain('missing Authorization header');

    const garbage = await restWith('not-a-jwt');
    expect(garbage.status).toBe(401);
    expect(((await garbage.json()) as any).message).toBe('access token is not a valid JWT');

    const realKid = server.core.signingKeys.signingKey().kid;
    const { privateKey } = await generateKeyPair('RS256');
    const forged = await new SignJWT({ env: 'env_x' }).setProtectedHeader({ alg: 'RS256', kid: realKid }).setIssuer(server.core.config.publicUrl)
      .setAudience(server.core.config.publicUrl).setSubject('skc_x').setExpirationTime('1h').sign(privateKey);
    const forgedRes = await restWith(forged);
    expect(forgedRes.status).toBe(401);
    expect(((await forgedRes.json()) as any).message).toBe('access token signature or claims are invalid');

    const expired = await new SignJWT({ env: 'env_x' }).setProtectedHeader({ alg: 'RS256', kid: realKid }).setIssuer(server.core.config.publicUrl)
      .setAudience(server.core.config.publicUrl).setSubject('skc_x').setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600).sign(server.core.signingKeys.signingKey().privateKey);
    const expiredRes = await restWith(expired);
    expect(expiredRes.status).toBe(401);
    expect(((await expiredRes.json()) as any).details[0].error_code).toBe('TOKEN_EXPIRED');
  });

  it('lets the SDK recover from an expired token by fetching a new one', async () => {
    const sdk = new ScalekitClient(server.url, client.clientId, client.clientSecret);
    const core = (sdk as unknown as { coreClient: { accessToken: string } }).coreClient;
    core.accessToken = 'expired.or.bogus';
    const res = await sdk.organization.listOrganization();
    expect(res.organizations).toEqual(expect.any(Array));
    expect(core.accessToken).toMatch(/^ey/);
  });

  it('answers an unimplemented RPC over gRPC with Unimplemented naming it, and stays up', async () => {
    const sdk = new ScalekitClient(server.url, client.clientId, client.clientSecret);
    await expect(sdk.directory.listDirectories('org_1')).rejects.toMatchObject({ grpcStatus: 12, message: expect.stringContaining('scalekit.v1.directories.DirectoryService.ListDirectories is not implemented') });
    expect((await sdk.organization.listOrganization()).organizations).toEqual(expect.any(Array));
  });

  it('refuses malformed protobuf with InvalidArgument, never Internal', async () => {
    const token = await envAccessToken(server.url, client);
    const res = await rawGrpc(server.url, '/scalekit.v1.organizations.OrganizationService/ListOrganization', Buffer.from([0xff, 0xff, 0xff, 0xff, 0x0f]), token);
    expect(res.status).toBe('3');
    expect(res.message.length).toBeGreaterThan(0);
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });

  it('refuses unknown JSON fields over the Connect protocol', async () => {
    const token = await envAccessToken(server.url, client);
    const res = await fetch(`${server.url}/scalekit.v1.organizations.OrganizationService/CreateOrganization`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ organization: { displayName: 'x', shoeSize: 4 } }),
    });
    expect(res.status).toBe(400);
    const body = (await res.json()) as { code: string; message: string };
    expect(body.code).toBe('invalid_argument');
    expect(body.message).toContain('shoeSize');
  });

  it('serves health, readiness and Prometheus metrics', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({ status: 'ready' });
    const metrics = await (await fetch(`${server.url}/metrics`)).text();
    expect(metrics).toMatch(/latchkey_requests_total\{protocol="http",route="\/healthz",status="200"\} \d+/);
  });
});
