import type { Readable } from 'node:stream';
import { request, type Dispatcher } from 'undici';
import type { AgentAuthEnv } from '../helpers/agent-auth-env.js';

/** A call to `/proxy{path}` as the SDK makes it (undici, like axios, normalises `..` segments: path-escape tests use raw sockets). */
export function proxy(
  env: AgentAuthEnv,
  opts: {
    connectionName: string;
    identifier: string;
    path: string;
    method?: Dispatcher.HttpMethod;
    headers?: Record<string, string | string[]>;
    body?: string | Buffer | Readable;
    token?: string;
    signal?: AbortSignal;
  },
) {
  return request(`${env.server.url}/proxy${opts.path}`, {
    method: opts.method ?? 'GET',
    headers: { authorization: `Bearer ${opts.token ?? env.token}`, connection_name: opts.connectionName, identifier: opts.identifier, ...opts.headers },
    body: opts.body,
    signal: opts.signal,
  });
}

/** The JSON error body of a proxy refusal. */
export async function errorBody(res: Dispatcher.ResponseData): Promise<{ code: string; message: string; details: Array<{ error_code: string }> }> {
  return (await res.body.json()) as { code: string; message: string; details: Array<{ error_code: string }> };
}
