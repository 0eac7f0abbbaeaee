/**
 * App sign-in benchmark (`npm run bench:login`): the token endpoint (authorization-code exchange,
 * refresh with rotation) and the SDK's `validateAccessToken`, for Latchkey against a bare
 * oidc-provider with the same configuration (code flow, PKCE S256, JWT access tokens, rotating
 * refresh tokens, the same Kysely storage on the same SQLite database) in the same run and process.
 * Latchkey adds: hashed client secrets, redirect URIs from the database, the session check on
 * refresh, the sign-in's claims (identities, and the bench user's two roles and their permissions). Target: ≥ 80 % of the bare figures.
 *
 *   npm run bench:login
 *   BENCH_REQUESTS=400 BENCH_CONCURRENCY=16 BENCH_ROUNDS=9 npm run bench:login
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { pino } from 'pino';
import Provider, { type Configuration } from 'oidc-provider';
import { ScalekitClient } from '@scalekit-sdk/node';
import { loadConfig } from '../src/config/load-config.js';
import { createLogger } from '../src/logging/logger.js';
import { startServer } from '../src/app.js';
import { findEnvironmentByName } from '../src/modules/environments/environments.js';
import { createApiClient } from '../src/modules/clients/api-clients.js';
import { addRedirectUri } from '../src/modules/clients/redirect-uris.js';
import { createOrganization } from '../src/modules/organizations/organizations.js';
import { createPermission } from '../src/modules/roles/permissions.js';
import { createRole } from '../src/modules/roles/roles.js';
import { createSessions, sessionDefaultsFrom } from '../src/modules/sessions/index.js';
import { KyselyAdapter } from '../src/modules/mcp-oauth/provider/kysely-adapter.js';
import { activeSigningJwk } from '../src/modules/mcp-oauth/provider/signing-jwk.js';
import { loadCookieKeys } from '../src/modules/mcp-oauth/provider/cookie-keys.js';
import { createAppSignInProvider } from '../src/modules/app-signin/create-app-signin-provider.js';
import { recordSignInGrant } from '../src/modules/app-signin/signin-grants.js';
import { markTokenRequest } from '../src/modules/app-signin/token-request.js';
import { freePort } from './processes.js';
import { median } from './median.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 300);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const VALIDATIONS = Number(process.env.BENCH_VALIDATIONS ?? 5000);
const REDIRECT = 'http://127.0.0.1:9/callback';
const SCOPE = 'openid profile email';

interface Side {
  name: string;
  url: string;
  clientId: string;
  clientSecret: string;
  /** A fresh authorization code for the client (minted in storage, as a finished login leaves it). */
  mintCode(verifier: string): Promise<string>;
}

/** `n` calls by CONCURRENCY workers (each knows its index); answers calls per second. */
async function runPool<T>(n: number, fn: (i: number, worker: number) => Promise<T>): Promise<{ rps: number; cpuUs: number }> {
  let next = 0;
  const started = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(Array.from({ length: CONCURRENCY }, async (_, worker) => {
    while (next < n) await fn(next++, worker);
  }));
  const used = process.cpuUsage(cpu);
  return { rps: n / ((performance.now() - started) / 1000), cpuUs: (used.user + used.system) / n };
}

const post = async (url: string, form: Record<string, string>) => {
  const res = await fetch(`${url}/oauth/token`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form) });
  const body = (await res.json()) as Record<string, string>;
  if (res.status !== 200) throw new Error(`token endpoint answered ${res.status}: ${JSON.stringify(body)}`);
  return body;
};

type Phase = 'code' | 'refresh' | 'validate';
type Figures = { rps: number; cpuUs: number };

/**
 * One round: each phase on every side back to back (in the order given), so the two figures of a
 * pair were taken within a second of each other, on the same state of a shared machine.
 */
async function measureRound(sides: Side[]): Promise<Map<string, Record<Phase, Figures>>> {
  const verifier = randomBytes(32).toString('base64url');
  const exchange = (side: Side, code: string) => post(side.url, { grant_type: 'authorization_code', code, redirect_uri: REDIRECT, code_verifier: verifier, client_id: side.clientId, client_secret: side.clientSecret });
  const figures = new Map(sides.map((s) => [s.name, {} as Record<Phase, Figures>]));
  const families = new Map<string, string[]>();
  for (const s of sides) {
    // Minted just before the timed exchanges, as an app exchanges its code right after the login it ends.
    const codes = await Promise.all(Array.from({ length: REQUESTS }, () => s.mintCode(verifier)));
    const refreshTokens: string[] = [];
    figures.get(s.name)!.code = await runPool(REQUESTS, async (i) => {
      refreshTokens.push((await exchange(s, codes[i])).refresh_token);
    });
    families.set(s.name, refreshTokens.slice(0, CONCURRENCY));
  }
  // Each worker refreshes its own token family, each refresh rotating.
  for (const s of sides) {
    const family = families.get(s.name)!;
    figures.get(s.name)!.refresh = await runPool(REQUESTS, async (_, f) => {
      family[f] = (await post(s.url, { grant_type: 'refresh_token', refresh_token: family[f], client_id: s.clientId, client_secret: s.clientSecret })).refresh_token;
    });
  }
  const validators = await Promise.all(sides.map(async (s) => {
    const { access_token } = await exchange(s, await s.mintCode(verifier));
    const sdk = new ScalekitClient(s.url, s.clientId, s.clientSecret);
    if (!(await sdk.validateAccessToken(access_token))) throw new Error(`${s.name}: its access token does not validate`);
    return () => sdk.validateAccessToken(access_token);
  }));
  for (const [i, s] of sides.entries()) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    for (let n = 0; n < VALIDATIONS; n++) await validators[i]();
    const used = process.cpuUsage(cpu);
    figures.get(s.name)!.validate = { rps: VALIDATIONS / ((performance.now() - started) / 1000), cpuUs: (used.user + used.system) / VALIDATIONS };
  }
  return figures;
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'latchkey-bench-login-'));
  const port = await freePort();
  const config = loadConfig({ PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: `http://127.0.0.1:${port}`, DATA_DIR: dataDir, LOG_LEVEL: 'info' });
  const server = await startServer(config, createLogger('info', pino.destination({ dest: '/dev/null', sync: true })));
  const db = server.core.storage.db;
  try {
    const envId = (await findEnvironmentByName(db, 'development')).id;
    const client = await createApiClient(db, envId);
    await addRedirectUri(db, envId, client.clientId, 'redirect', REDIRECT);
    const org = await createOrganization(db, envId, { displayName: 'Bench Org' });
    const now = new Date().toISOString();
    await db.insertInto('users').values({ id: 'usr_bench', environment_id: envId, email: 'bench@example.com', external_id: null, given_name: 'Bench', family_name: 'User', name: 'Bench User', profile: '{}', metadata: '{}', last_login_at: null, created_at: now, updated_at: now }).execute();
    await db.insertInto('memberships').values({ id: 'mem_bench', environment_id: envId, organization_id: org.id, user_id: 'usr_bench', status: 'ACTIVE', external_id: null, metadata: '{}', inviter_email: null, accepted_at: now, created_at: now, updated_at: now }).execute();
    // As a real member: the default member role, and a role of the app's own with permissions, extending it.
    for (const name of ['invoices:read', 'invoices:write']) await createPermission(db, envId, { name });
    await createRole(db, { envId }, { name: 'billing', displayName: 'Billing', extends: 'member', permissions: ['invoices:read', 'invoices:write'] });
    await db.insertInto('membership_roles').values([{ membership_id: 'mem_bench', role_name: 'member' }, { membership_id: 'mem_bench', role_name: 'billing' }]).execute();
    const sessions = createSessions({ db, defaults: sessionDefaultsFrom(config) });
    const signingJwk = await activeSigningJwk(db, server.core.vault);
    const cookieKeys = await loadCookieKeys(db, server.core.vault);
    const pages = { error: () => undefined, logout: () => undefined, loggedOut: () => undefined };
    // A second instance on the same storage only mints codes, as a finished login through the page would.
    const minter = createAppSignInProvider({ db, sessions, publicUrl: config.publicUrl, signingJwk, cookieKeys, pages, accessTokenTtlSeconds: 3600, refreshTokenTtlSeconds: 86_400, reuseGraceMs: 2000 });
    const mint = async (p: Provider, clientId: string, verifier: string, onGrant?: (grantId: string) => Promise<void>) => {
      const grant = new p.Grant({ accountId: 'usr_bench', clientId });
      grant.addOIDCScope(SCOPE);
      grant.addResourceScope(config.publicUrl, SCOPE);
      const grantId = await grant.save();
      await onGrant?.(grantId);
      const c = await p.Client.find(clientId);
      const code = new p.AuthorizationCode({ accountId: 'usr_bench', client: c, grantId, redirectUri: REDIRECT, scope: SCOPE, resource: config.publicUrl, codeChallenge: createHash('sha256').update(verifier).digest('base64url'), codeChallengeMethod: 'S256', authTime: Math.floor(Date.now() / 1000) } as never);
      return code.save();
    };
    const latchkey: Side = {
      name: 'latchkey', url: server.url, clientId: client.clientId, clientSecret: client.clientSecret,
      mintCode: (verifier) => mint(minter, client.clientId, verifier, async (grantId) => {
        const s = await sessions.startSession({ environmentId: envId, userId: 'usr_bench', organizationId: org.id });
        await recordSignInGrant(db, { grantId, environmentId: envId, clientId: client.clientId, userId: 'usr_bench', organizationId: org.id, sessionId: s.sessionId, identity: { connectionType: 'PASSWORDLESS', providerName: 'passwordless', social: false }, amr: ['otp'] });
      }),
    };

    // oidc-provider alone: the same configuration, a static client with its plain secret, claims without lookups.
    const barePort = await freePort();
    const bareIssuer = `http://127.0.0.1:${barePort}`;
    const bare = new Provider(bareIssuer, {
      adapter: (model: string) => new KyselyAdapter(db, model, undefined, { table: 'app_signin_entries' }),
      jwks: { keys: [signingJwk] },
      cookies: { keys: cookieKeys },
      clients: [{ client_id: 'bare', client_secret: 'bare-secret-'.padEnd(40, 'x'), redirect_uris: [REDIRECT], grant_types: ['authorization_code', 'refresh_token'], response_types: ['code'], token_endpoint_auth_method: 'client_secret_post' }],
      responseTypes: ['code'],
      scopes: ['openid', 'profile', 'email', 'offline_access'],
      claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
      conformIdTokenClaims: false,
      features: {
        devInteractions: { enabled: false },
        resourceIndicators: {
          enabled: true,
          defaultResource: async () => config.publicUrl,
          useGrantedResource: async () => true,
          getResourceServerInfo: async () => ({ scope: 'openid profile email offline_access', audience: 'bare', accessTokenTTL: 3600, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } }),
        },
      },
      findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub, email: 'bench@example.com', email_verified: true, name: 'Bench User' }) }),
      issueRefreshToken: async () => true,
      rotateRefreshToken: true,
      expiresWithSession: async () => false,
      ttl: { AccessToken: 3600, AuthorizationCode: 60, Grant: 86_400, RefreshToken: 86_400, IdToken: 3600, Interaction: 900, Session: 86_400 },
    } as unknown as Configuration);
    const bareServer = http.createServer((req, res) => {
      if (req.url === '/keys') return void res.end(JSON.stringify(server.core.signingKeys.publicJwks()));
      if (req.url === '/oauth/token') req.url = '/token';
      void bare.callback()(req, res);
    });
    await new Promise<void>((r) => bareServer.listen(barePort, '127.0.0.1', r));
    const bareSide: Side = { name: 'oidc-provider', url: bareIssuer, clientId: 'bare', clientSecret: 'bare-secret-'.padEnd(40, 'x'), mintCode: (v) => mint(bare, 'bare', v) };

    // Latchkey's provider on a plain HTTP server (no listener, no Fastify): splits the gap to the bare figure
    // between the HTTP layer and what the provider does more (hashed client lookup, sign-in claims, session check).
    const aloneServer = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString()));
        (req as http.IncomingMessage & { body?: unknown }).body = form;
        req.headers.host = new URL(config.publicUrl).host;
        markTokenRequest(req, { secret: form.client_secret, arrivedAt: Date.now() });
        void minter.callback()(req, res);
      });
    });
    const alonePort = await freePort();
    await new Promise<void>((r) => aloneServer.listen(alonePort, '127.0.0.1', r));
    const providerAlone: Side = { ...latchkey, name: 'provider-alone', url: `http://127.0.0.1:${alonePort}` };

    // Rounds after a warm-up, each running every phase on every side back to back (the order flips each
    // round). The verdict is the median over rounds of Latchkey's rate over the bare one's in the same round:
    // on a shared 2-CPU machine rates move ±30 % within seconds, and a pair taken together sees the same machine.
    const only = process.env.BENCH_ONLY; // 'latchkey', 'oidc-provider' or 'provider-alone': one side alone, for a CPU profile
    const sides = [bareSide, latchkey, providerAlone].filter((s) => !only || s.name === only);
    const results = new Map<string, Array<Record<Phase, Figures>>>(sides.map((s) => [s.name, []]));
    await measureRound(sides);
    const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
    for (let r = 0; r < rounds; r++) {
      const round = await measureRound(r % 2 ? [...sides].reverse() : sides);
      for (const [name, figures] of round) results.get(name)!.push(figures);
    }
    bareServer.close();
    aloneServer.closeAllConnections();
    aloneServer.close();
    const typical = (name: string, phase: Phase) => {
      const xs = results.get(name)!.map((x) => x[phase]);
      return { rps: median(xs.map((x) => x.rps)), cpuUs: median(xs.map((x) => x.cpuUs)) };
    };
    process.stdout.write(`bench:login — medians of ${rounds} paired rounds of ${REQUESTS} requests, concurrency ${CONCURRENCY}, ${VALIDATIONS} validations, SQLite, ${os.cpus().length} CPUs (load ${os.loadavg()[0].toFixed(1)})\n`);
    const phases: Array<[string, Phase]> = [['code exchange', 'code'], ['refresh (rotating)', 'refresh'], ['validateAccessToken', 'validate']];
    for (const [what, phase] of phases) {
      const [l, b] = [latchkey.name, bareSide.name].map((n) => (results.has(n) ? typical(n, phase) : undefined));
      const fig = (x: { rps: number; cpuUs: number } | undefined) => (x ? `${x.rps.toFixed(0).padStart(6)}/s ${x.cpuUs.toFixed(0).padStart(5)} µs CPU` : '     -');
      let verdict = '';
      if (l && b) {
        const ratios = results.get(latchkey.name)!.map((x, i) => x[phase].rps / results.get(bareSide.name)![i][phase].rps);
        const pct = (x: number) => `${(x * 100).toFixed(0)} %`;
        const ratio = median(ratios);
        verdict = `${pct(ratio).padStart(5)} (rounds ${pct(Math.min(...ratios))}–${pct(Math.max(...ratios))})  ${ratio >= 0.8 ? 'ok' : 'BELOW 80 %'}`;
      }
      process.stdout.write(`${what.padEnd(20)} latchkey ${fig(l)}   oidc-provider ${fig(b)}   ${verdict}\n`);
      if (phase !== 'validate' && results.has(providerAlone.name)) process.stdout.write(`${''.padEnd(20)} (its provider without the HTTP layer ${fig(typical(providerAlone.name, phase))})\n`);
    }
  } finally {
    await server.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

await main();
