import http from 'node:http';
import { createHash, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';

/** A GitHub account as /user and /user/emails describe it. */
export interface GitHubAccount {
  id: number;
  login: string;
  name: string | null;
  emails: Array<{ email: string; primary: boolean; verified: boolean; visibility: 'public' | 'private' | null }>;
}

export interface GitHubOAuthFake {
  /** Stands for both https://github.com (authorize, access_token) and https://api.github.com. */
  url: string;
  /** The account the next authorization signs in as. */
  signInAs(account: GitHubAccount): void;
  /** Token requests seen (form fields), in order. */
  tokenRequests: URLSearchParams[];
  close(): Promise<void>;
}

/**
 * A loopback GitHub OAuth app flow and REST API, with GitHub's real shapes: `/login/oauth/authorize`
 * (signs the current account in at once and redirects with `code` and `state`),
 * `/login/oauth/access_token` (JSON with `Accept: application/json`; errors as HTTP 200 with
 * `error`, e.g. `bad_verification_code`; PKCE S256 checked), `/user` and `/user/emails` (Bearer token).
 */
export async function startGitHubOAuthFake(opts: { clientId: string; clientSecret: string }): Promise<GitHubOAuthFake> {
  let current: GitHubAccount | undefined;
  const codes = new Map<string, { account: GitHubAccount; redirectUri: string; challenge: string | null }>();
  const tokens = new Map<string, GitHubAccount>();
  const tokenRequests: URLSearchParams[] = [];
  const json = (res: http.ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url!, 'http://127.0.0.1');
    if (req.method === 'GET' && url.pathname === '/login/oauth/authorize') {
      const q = url.searchParams;
      if (q.get('client_id') !== opts.clientId || !current) return json(res, 404, { message: 'Not Found' });
      const code = randomBytes(10).toString('hex');
      codes.set(code, { account: current, redirectUri: q.get('redirect_uri')!, challenge: q.get('code_challenge') });
      const back = new URL(q.get('redirect_uri')!);
      back.searchParams.set('code', code);
      back.searchParams.set('state', q.get('state') ?? '');
      return res.writeHead(302, { location: back.toString() }).end();
    }
    if (req.method === 'POST' && url.pathname === '/login/oauth/access_token') {
      let raw = '';
      for await (const chunk of req) raw += chunk;
      const form = new URLSearchParams(raw);
      tokenRequests.push(form);
      if (form.get('client_id') !== opts.clientId || form.get('client_secret') !== opts.clientSecret) {
        return json(res, 200, { error: 'incorrect_client_credentials', error_description: 'The client_id and/or client_secret passed are incorrect.', error_uri: 'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#incorrect-client-credentials' });
      }
      const grant = codes.get(form.get('code') ?? '');
      codes.delete(form.get('code') ?? '');
      const verifier = form.get('code_verifier');
      const pkceOk = !grant?.challenge || (verifier && createHash('sha256').update(verifier).digest('base64url') === grant.challenge);
      if (!grant || grant.redirectUri !== form.get('redirect_uri') || !pkceOk) {
        return json(res, 200, { error: 'bad_verification_code', error_description: 'The code passed is incorrect or expired.', error_uri: 'https://docs.github.com/apps/managing-oauth-apps/troubleshooting-oauth-app-access-token-request-errors/#bad-verification-code' });
      }
      const token = `gho_${randomBytes(18).toString('base64url')}`;
      tokens.set(token, grant.account);
      return json(res, 200, { access_token: token, token_type: 'bearer', scope: 'read:user,user:email' });
    }
    const account = tokens.get((req.headers.authorization ?? '').replace(/^(Bearer|token) /i, ''));
    if (!account) return json(res, 401, { message: 'Requires authentication', documentation_url: 'https://docs.github.com/rest', status: '401' });
    if (req.method === 'GET' && url.pathname === '/user') {
      const publicEmail = account.emails.find((e) => e.visibility === 'public')?.email ?? null;
      return json(res, 200, { login: account.login, id: account.id, node_id: `MDQ6VXNlcj${account.id}`, avatar_url: `https://avatars.githubusercontent.com/u/${account.id}?v=4`, type: 'User', site_admin: false, name: account.name, email: publicEmail, created_at: '2011-01-25T18:44:36Z' });
    }
    if (req.method === 'GET' && url.pathname === '/user/emails') return json(res, 200, account.emails);
    return json(res, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest' });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    signInAs: (a) => void (current = a),
    tokenRequests,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
