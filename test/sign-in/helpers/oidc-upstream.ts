import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider from 'oidc-provider';
import { exportJWK, generateKeyPair } from 'jose';

/** What the upstream says about one of its accounts. */
export interface UpstreamAccount {
  email?: string;
  email_verified?: boolean;
  name?: string;
  given_name?: string;
  family_name?: string;
  picture?: string;
  /** Microsoft: email domain owner verified (the optional claim that makes its email trustworthy). */
  xms_edov?: boolean;
}

export interface SocialOidcUpstream {
  /** What an administrator configures: the real issuer, or Microsoft's `…/common/v2.0` for a tenant upstream. */
  issuer: string;
  /** The account the next sign-in at the upstream authenticates as (its `sub`), set by the test. */
  signInAs(sub: string, account: UpstreamAccount): void;
  /** Authorization requests the upstream saw (their query), in order. */
  authorizations: URLSearchParams[];
  close(): Promise<void>;
}

/**
 * A Google-like OpenID provider for social login tests: a real, certified one (panva/oidc-provider)
 * on loopback plain http (the egress rule allows http to loopback the environment lists). Its
 * interactions complete by themselves as the account `signInAs` named, as a person who signs in
 * and consents would. `emailInIdToken` puts email claims in the id_token (Google does); without
 * it they come only from userinfo, as with IdPs that conform to OpenID Connect Core §5.4 strictly.
 * `tenant` makes it Microsoft-like: the provider lives at `/<tenant>/v2.0` (its real issuer), its
 * id_tokens carry `tid` (`tokenTid` overrides it, for a forged one), and `/common/v2.0`'s
 * discovery document names the issuer as Microsoft's `{tenantid}` template.
 */
export async function startSocialOidcUpstream(opts: { clientId: string; clientSecret: string; redirectUri: string; emailInIdToken?: boolean; tenant?: string; tokenTid?: () => string }): Promise<SocialOidcUpstream> {
  const server = http.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const mount = opts.tenant ? `/${opts.tenant}/v2.0` : '';
  const issuer = `${origin}${mount}`;
  const accounts = new Map<string, UpstreamAccount>();
  let current: string | undefined;
  // Its own signing key (oidc-provider's quick-start keys are the same in every instance).
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    jwks: { keys: [{ ...(await exportJWK(privateKey)), kid: `k-${Date.now()}-${Math.random().toString(36).slice(2)}`, alg: 'RS256', use: 'sig' }] as never },
    ttl: { Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    clients: [{ client_id: opts.clientId, client_secret: opts.clientSecret, redirect_uris: [opts.redirectUri], grant_types: ['authorization_code'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post' }],
    pkce: { required: () => true },
    scopes: ['openid', 'email', 'profile'],
    claims: { openid: ['sub', ...(opts.tenant ? ['tid', 'xms_edov'] : [])], email: ['email', 'email_verified'], profile: ['name', 'given_name', 'family_name', 'picture'] },
    conformIdTokenClaims: !opts.emailInIdToken,
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub, ...(opts.tenant ? { tid: opts.tokenTid?.() ?? opts.tenant } : {}), ...(accounts.get(sub) ?? {}) }) }),
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    cookies: { keys: ['social-upstream-test-cookie-key'] },
    features: { devInteractions: { enabled: false } },
  });
  const authorizations: URLSearchParams[] = [];
  const callback = provider.callback();
  server.on('request', async (req, res) => {
    const url = new URL(req.url!, origin);
    if (url.pathname === `${mount}/auth`) authorizations.push(url.searchParams);
    if (opts.tenant && url.pathname === '/common/v2.0/.well-known/openid-configuration') {
      const doc = (await (await fetch(`${issuer}/.well-known/openid-configuration`)).json()) as Record<string, unknown>;
      return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...doc, issuer: `${origin}/{tenantid}/v2.0` }));
    }
    if (!url.pathname.startsWith('/interaction/')) {
      // Mounted under a path as oidc-provider documents it: it reads the prefix from originalUrl.
      if (mount && url.pathname.startsWith(mount)) {
        (req as { originalUrl?: string }).originalUrl = req.url;
        req.url = req.url!.slice(mount.length) || '/';
      }
      return callback(req, res);
    }
    try {
      const details = await provider.interactionDetails(req, res);
      if (details.prompt.name === 'login') {
        if (!current) throw new Error('the test did not say who signs in (signInAs)');
        return await provider.interactionFinished(req, res, { login: { accountId: current } }, { mergeWithLastSubmission: false });
      }
      const grant = details.grantId ? (await provider.Grant.find(details.grantId))! : new provider.Grant({ accountId: details.session!.accountId, clientId: String(details.params.client_id) });
      const missing = details.prompt.details as { missingOIDCScope?: string[]; missingOIDCClaims?: string[] };
      if (missing.missingOIDCScope) grant.addOIDCScope(missing.missingOIDCScope.join(' '));
      if (missing.missingOIDCClaims) grant.addOIDCClaims(missing.missingOIDCClaims);
      await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
    } catch (err) {
      res.writeHead(500).end(String((err as Error).message));
    }
  });
  return {
    issuer: opts.tenant ? `${origin}/common/v2.0` : issuer,
    signInAs(sub, account) {
      accounts.set(sub, account);
      current = sub;
    },
    authorizations,
    close: () => new Promise<void>((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}

/**
 * Follows a browser's redirects (with its own cookie jar per origin) from `url` until one leaves
 * for `stopAt` (our callback); answers that URL. For driving upstreams without Chromium.
 */
export async function followRedirects(url: string, stopAt: string, jar = new Map<string, string>()): Promise<string> {
  let next = url;
  for (let hop = 0; hop < 20; hop++) {
    if (next.startsWith(stopAt)) return next;
    const origin = new URL(next).origin;
    const res = await fetch(next, { redirect: 'manual', headers: jar.get(origin) ? { cookie: jar.get(origin)! } : {} });
    const cookies = new Map((jar.get(origin) ?? '').split('; ').filter(Boolean).map((c) => [c.split('=')[0], c] as [string, string]));
    for (const c of res.headers.getSetCookie()) cookies.set(c.split('=')[0], c.split(';')[0]);
    jar.set(origin, [...cookies.values()].join('; '));
    const location = res.headers.get('location');
    if (!location) throw new Error(`no redirect from ${new URL(next).pathname}: HTTP ${res.status} ${(await res.text()).slice(0, 300)}`);
    await res.arrayBuffer().catch(() => undefined);
    next = new URL(location, next).toString();
  }
  throw new Error('too many redirects');
}
