import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createHash, randomBytes } from 'node:crypto';
import type { Page } from 'playwright-core';
import type { ScalekitClient } from '@scalekit-sdk/node';
import type { AuthenticationResponse } from '@scalekit-sdk/node/lib/types/scalekit.js';
import type { ReceivedEmail } from '../../users/smtp-fake.js';
import { codeIn, linkIn, nthMailTo } from '../../passwordless/passwordless-mail.js';

/**
 * Drives the hosted login page (/ui/login) the way a person does, over plain HTTP (a cookie jar
 * and fetch, no script: the page has none) or in Chromium. Owned by B; A, C and D use it to get
 * real logins: `new LoginBrowser().otpLogin(authorizationUrl, email, smtp.received, redirectUri)`.
 */

interface StoredCookie {
  value: string;
  path: string;
}

/** Just enough of RFC 6265 for one loopback host: name + path, Max-Age=0 deletes. */
export class CookieJar {
  private readonly cookies = new Map<string, StoredCookie>();

  store(setCookies: string[], requestPath: string): void {
    for (const line of setCookies) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = requestPath.replace(/\/[^/]*$/, '') || '/';
      let expired = false;
      for (const a of attrs) {
        const [k, v = ''] = a.split('=');
        if (k.toLowerCase() === 'path') path = v || '/';
        if (k.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
        if (k.toLowerCase() === 'expires' && Date.parse(v) < Date.now()) expired = true;
      }
      const key = `${name}\u0000${path}`;
      if (expired) this.cookies.delete(key);
      else this.cookies.set(key, { value, path });
    }
  }

  header(requestPath: string): string {
    const matches = (p: string) => requestPath === p || requestPath.startsWith(p.endsWith('/') ? p : `${p}/`);
    return [...this.cookies.entries()]
      .filter(([, c]) => matches(c.path))
      .sort(([, a], [, b]) => b.path.length - a.path.length)
      .map(([k, c]) => `${k.split('\u0000')[0]}=${c.value}`)
      .join('; ');
  }
}

export interface DriverResponse {
  status: number;
  url: string;
  location: string | undefined;
  html: string;
  headers: Headers;
}

/** The value of the first hidden csrf_token field of a page. */
export const csrfTokenIn = (html: string): string => {
  const m = /name="csrf_token" value="([^"]+)"/.exec(html);
  if (!m) throw new Error(`no csrf_token on the page:\n${html.slice(0, 2000)}`);
  return m[1];
};

/** The text of the page's alert (errors and notices), tags stripped. */
export const alertIn = (html: string): string | undefined => /<div class="alert[^"]*"[^>]*>([\s\S]*?)<\/div>/.exec(html)?.[1].replace(/<[^>]+>/g, '').trim();

export const interactionOf = (url: string): string => {
  const uid = new URL(url).searchParams.get('interaction');
  if (!uid) throw new Error(`not a login page URL: ${url}`);
  return uid;
};

export class LoginBrowser {
  readonly jar = new CookieJar();

  async request(url: string, init: { method?: string; form?: Record<string, string> } = {}): Promise<DriverResponse> {
    const u = new URL(url);
    const headers: Record<string, string> = { cookie: this.jar.header(u.pathname) };
    let body: string | undefined;
    if (init.form) {
      headers['content-type'] = 'application/x-www-form-urlencoded';
      body = new URLSearchParams(init.form).toString();
    }
    const res = await fetch(url, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    this.jar.store(res.headers.getSetCookie(), u.pathname);
    const location = res.headers.get('location') ?? undefined;
    return { status: res.status, url, location: location ? new URL(location, url).toString() : undefined, html: await res.text(), headers: res.headers };
  }

  /** Follows redirects (as a browser does, GET after 303/302) until `stop` says so or a page answers. */
  async follow(res: DriverResponse, stop: (url: string) => boolean = () => false): Promise<DriverResponse> {
    let r = res;
    for (let i = 0; i < 20 && r.location && r.status >= 300 && r.status < 400; i++) {
      if (stop(r.location)) return r;
      r = await this.request(r.location);
    }
    return r;
  }

  /** GET the authorization URL and follow it to the hosted login page. */
  async openLogin(authorizationUrl: string): Promise<DriverResponse> {
    const page = await this.follow(await this.request(authorizationUrl), () => false);
    if (!page.url.includes('/ui/login')) throw new Error(`the authorization URL did not lead to the login page (ended at ${page.url} with ${page.status}):\n${page.html.slice(0, 1000)}`);
    return page;
  }

  /** Submits one of the page's forms: `action` is the login action (email, code, resend, …). */
  async submit(page: DriverResponse, action: string, fields: Record<string, string> = {}): Promise<DriverResponse> {
    const uid = interactionOf(page.url);
    const base = new URL(page.url).origin;
    return this.request(`${base}/ui/login/${action}?interaction=${encodeURIComponent(uid)}`, { form: { csrf_token: csrfTokenIn(page.html), ...fields } });
  }

  /**
   * A whole email-OTP login: open → email → the code from the SMTP server → back at the app's
   * redirect URI. Answers that URL's `code`, `state` (or `error`) and the last response.
   */
  async otpLogin(authorizationUrl: string, email: string, received: ReceivedEmail[], redirectUri: string): Promise<{ code?: string; state?: string; error?: string; last: DriverResponse }> {
    const page = await this.openLogin(authorizationUrl);
    const before = received.filter((r) => r.to.includes(email.toLowerCase())).length;
    const sent = await this.submit(page, 'email', { email });
    if (sent.status !== 200) throw new Error(`the email step answered ${sent.status}: ${alertIn(sent.html) ?? sent.html.slice(0, 500)}`);
    const code = codeIn(await nthMailTo(received, email.toLowerCase(), before + 1));
    return this.landAt(await this.submit({ ...sent, url: page.url }, 'code', { code }), redirectUri);
  }

  /** Follows the answer of a finishing step to the app's redirect URI and reads its query. */
  async landAt(res: DriverResponse, redirectUri: string): Promise<{ code?: string; state?: string; error?: string; last: DriverResponse }> {
    const last = await this.follow(res, (u) => u.startsWith(redirectUri));
    if (!last.location?.startsWith(redirectUri)) return { last };
    const q = new URL(last.location).searchParams;
    return { code: q.get('code') ?? undefined, state: q.get('state') ?? undefined, error: q.get('error') ?? undefined, last };
  }
}

/** The `n`-th code / magic link mailed to `to` (1-based), from the real SMTP server's inbox. */
export const nthCodeTo = async (received: ReceivedEmail[], to: string, n: number) => codeIn(await nthMailTo(received, to, n));
export const nthLinkTo = async (received: ReceivedEmail[], to: string, n: number) => linkIn(await nthMailTo(received, to, n));
export const mailsTo = (received: ReceivedEmail[], to: string): number => received.filter((r) => r.to.includes(to)).length;

/** The same email-OTP login in Chromium: fills the form and waits for the app's redirect URI. */
export async function chromiumOtpLogin(page: Page, authorizationUrl: string, email: string, received: ReceivedEmail[], redirectUri: string): Promise<URL> {
  await page.goto(authorizationUrl);
  await page.waitForURL((u) => u.pathname === '/ui/login');
  const before = mailsTo(received, email.toLowerCase());
  await page.fill('#f-email', email);
  await Promise.all([page.waitForURL((u) => u.pathname === '/ui/login/email'), page.click('button[type="submit"]:has-text("Continue")')]);
  const code = await nthCodeTo(received, email.toLowerCase(), before + 1);
  await page.fill('#f-code', code);
  const landed = page.waitForURL((u) => u.toString().startsWith(redirectUri));
  await page.click('button[type="submit"]:has-text("Sign in")');
  await landed;
  return new URL(page.url());
}

/**
 * A sample app written against the official SDK, as an app developer would: `/login` redirects to
 * `getAuthorizationUrl` (state, nonce, PKCE S256, the hints from its own query), `/callback` checks
 * the state and calls `authenticateWithCode`, `/logged-out` is its post-logout page.
 */
export interface SampleApp {
  url: string;
  redirectUri: string;
  postLogoutUri: string;
  /** Every completed sign-in (authenticateWithCode's answer), newest last. */
  signIns: AuthenticationResponse[];
  /** Callbacks that carried an OAuth error instead of a code. */
  errors: Array<{ error: string; description: string | null }>;
  close(): Promise<void>;
}

export async function startSampleApp(sdk: ScalekitClient): Promise<SampleApp> {
  const pending = new Map<string, { verifier: string; nonce: string }>();
  const signIns: AuthenticationResponse[] = [];
  const errors: SampleApp['errors'] = [];
  const server = http.createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://127.0.0.1');
    const send = (status: number, text: string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
      res.end(`<!doctype html><title>Sample app</title><p id="result">${text.replace(/[<>&]/g, '')}</p>`);
    };
    (async () => {
      if (u.pathname === '/login') {
        const state = randomBytes(16).toString('base64url');
        const verifier = randomBytes(32).toString('base64url');
        const nonce = randomBytes(16).toString('base64url');
        pending.set(state, { verifier, nonce });
        const q = u.searchParams;
        const authUrl = sdk.getAuthorizationUrl(app.redirectUri, {
          state, nonce, codeChallenge: createHash('sha256').update(verifier).digest('base64url'), codeChallengeMethod: 'S256',
          loginHint: q.get('login_hint') ?? undefined, organizationId: q.get('organization_id') ?? undefined, domainHint: q.get('domain_hint') ?? undefined,
          connectionId: q.get('connection_id') ?? undefined, provider: q.get('provider') ?? undefined,
        });
        return send(302, 'redirecting', { location: authUrl });
      }
      if (u.pathname === '/callback') {
        const state = u.searchParams.get('state') ?? '';
        const p = pending.get(state);
        if (!p) return send(400, 'unknown state');
        pending.delete(state);
        const error = u.searchParams.get('error');
        if (error) {
          errors.push({ error, description: u.searchParams.get('error_description') });
          return send(200, `error ${error}`);
        }
        const result = await sdk.authenticateWithCode(u.searchParams.get('code') ?? '', app.redirectUri, { codeVerifier: p.verifier });
        signIns.push(result);
        return send(200, `signed in as ${result.user.email}`);
      }
      if (u.pathname === '/logged-out') return send(200, `signed out ${u.searchParams.get('state') ?? ''}`);
      return send(404, 'not found');
    })().catch((err: Error) => send(500, `sample app error: ${err.message}`));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  const app: SampleApp = {
    url,
    redirectUri: `${url}/callback`,
    postLogoutUri: `${url}/logged-out`,
    signIns,
    errors,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  return app;
}
