import type { Kysely } from 'kysely';
import type { DescService } from '@bufbuild/protobuf';
import { createClient, type Client } from '@connectrpc/connect';
import { createGrpcTransport } from '@connectrpc/connect-node';
import { ScalekitClient } from '@scalekit-sdk/node';
import type { Tables } from '../../src/storage/schema.js';
import type { Vault } from '../../src/modules/vault/vault.js';
import { findEnvironmentByName } from '../../src/modules/environments/environments.js';
import { updateEnvironmentSettings } from '../../src/modules/environments/environment-settings.js';
import { startTestServer, type TestServer } from './test-server.js';
import type { ServerOptions } from '../../src/app.js';
import { envAccessToken } from './env-token.js';

export const envIdOf = async (db: Kysely<Tables>, envName = 'development'): Promise<string> => (await findEnvironmentByName(db, envName)).id;

/** Lets the environment reach `hosts` (proxy_allowed_hosts): the SSRF guard refuses loopback fakes otherwise. */
export async function allowHosts(db: Kysely<Tables>, envId: string, hosts: string[]): Promise<void> {
  await updateEnvironmentSettings(db, envId, { proxy_allowed_hosts: hosts });
}

/** What a developer holds for one environment: its id, an API client, that client's access token and an SDK on it. */
export interface EnvironmentAccess {
  envId: string;
  client: { clientId: string; clientSecret: string };
  token: string;
  sdk: ScalekitClient;
}

export async function environmentAccess(server: TestServer, envName = 'development'): Promise<EnvironmentAccess> {
  const client = await server.newClient(envName);
  return {
    envId: await envIdOf(server.core.storage.db, envName),
    client,
    token: await envAccessToken(server.url, client),
    sdk: new ScalekitClient(server.url, client.clientId, client.clientSecret),
  };
}

/** A test server and access to one of its environments, with the storage handles fixtures write through. */
export interface AgentAuthEnv extends EnvironmentAccess {
  server: TestServer;
  db: Kysely<Tables>;
  vault: Vault;
}

export async function startAgentAuthEnv(
  opts: { databaseUrl?: string; env?: Record<string, string>; envName?: string; allowHosts?: string[]; server?: ServerOptions } = {},
): Promise<AgentAuthEnv> {
  const server = await startTestServer({ databaseUrl: opts.databaseUrl, env: opts.env, server: opts.server });
  const access = await environmentAccess(server, opts.envName);
  const db = server.core.storage.db;
  if (opts.allowHosts) await allowHosts(db, access.envId, opts.allowHosts);
  return { server, db, vault: server.core.vault, ...access };
}

/** A gRPC client of `service` sending the environment token `token()` returns at each call. */
export function grpcClient<S extends DescService>(service: S, baseUrl: string, token: () => string): Client<S> {
  return createClient(
    service,
    createGrpcTransport({
      baseUrl,
      interceptors: [(next) => (req) => { req.header.set('authorization', `Bearer ${token()}`); return next(req); }],
    }),
  );
}

export interface RestResult {
  status: number;
  /** The raw body, for leak checks. */
  text: string;
  json: any;
}

/** A JSON call to the REST API as the SDK makes it; `token: null` sends no Authorization header. */
export async function restCall(url: string, init: { token: string | null; method?: string; body?: unknown }): Promise<RestResult> {
  const res = await fetch(url, {
    method: init.method ?? 'GET',
    headers: { ...(init.token === null ? {} : { authorization: `Bearer ${init.token}` }), 'content-type': 'application/json' },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await res.text();
  return { status: res.status, text, json: JSON.parse(text || '{}') };
}
