import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, startTestServer, type TestServer } from '../helpers/test-server.js';
import { findEnvironmentByName } from '../../src/modules/environments/environments.js';
import { setAllowedHosts } from '../../src/modules/egress/allowed-hosts.js';
import { createOutboundFetch } from '../../src/modules/egress/outbound-fetch.js';
import { completeSocialLogin, createSocialProvider, socialCallbackUrl, startSocialLogin, type SocialLoginDeps } from '../../src/modules/social-login/index.js';
import { followRedirects, startSocialOidcUpstream, type SocialOidcUpstream } from './helpers/oidc-upstream.js';

/**
 * Microsoft's multi-tenant v2.0 endpoint, reproduced with oidc-provider: the administrator
 * configures `…/common/v2.0`, whose discovery names the issuer `…/{tenantid}/v2.0`; each id_token's
 * `iss` must be that template filled with its own `tid`. Its email counts as verified only with
 * `xms_edov`. One dialect: the storage steps run on both in social-flow.test.ts.
 */
const dialect = DIALECTS[0];

describe(`Microsoft-like social sign-in (${dialect.name})`, () => {
  let server: TestServer;
  let deps: SocialLoginDeps;
  let envId: string;
  let microsoft: SocialOidcUpstream;
  let tid = 'tenant-1';

  const signIn = async (uid: string) => {
    const started = await startSocialLogin(deps, { interaction: { uid, environmentId: envId, clientId: 'skc_app', params: {} }, providerKey: 'microsoft', browser: undefined });
    const back = await followRedirects(started.location, socialCallbackUrl(server.url));
    return completeSocialLogin(deps, Object.fromEntries(new URL(back).searchParams), started.browser);
  };

  beforeAll(async () => {
    server = await startTestServer({ databaseUrl: dialect.databaseUrl });
    envId = (await findEnvironmentByName(server.core.storage.db, 'development')).id;
    deps = { db: server.core.storage.db, vault: server.core.vault, publicUrl: server.url, outbound: createOutboundFetch() };
    microsoft = await startSocialOidcUpstream({ clientId: 'ms-client', clientSecret: 'ms-secret-0123456789', redirectUri: socialCallbackUrl(server.url), emailInIdToken: true, tenant: 'tenant-1', tokenTid: () => tid });
    await createSocialProvider(deps.db, deps.vault, envId, { key: 'microsoft', client_id: 'ms-client', client_secret: 'ms-secret-0123456789', issuer: microsoft.issuer });
    await setAllowedHosts(deps.db, envId, ['127.0.0.1'], server.core.changes);
  });
  afterAll(async () => {
    await deps?.outbound.close();
    await microsoft?.close();
    await server?.close();
  });

  it('accepts the tenant issuer filled from tid, and trusts the email only with xms_edov', async () => {
    microsoft.signInAs('ms-oid-1', { email: 'ada@contoso.example', xms_edov: true });
    expect((await signIn('uid-1')).identity).toMatchObject({ providerKey: 'microsoft', subject: 'ms-oid-1', email: 'ada@contoso.example', emailVerified: true });
    microsoft.signInAs('ms-oid-2', { email: 'admin-typed@victim.example' });
    expect((await signIn('uid-2')).identity).toMatchObject({ subject: 'ms-oid-2', email: 'admin-typed@victim.example', emailVerified: false });
  });

  it('refuses an id_token whose tid does not match its issuer', async () => {
    tid = 'tenant-2';
    try {
      microsoft.signInAs('ms-oid-3', { email: 'x@contoso.example', xms_edov: true });
      await expect(signIn('uid-3')).rejects.toMatchObject({ error: 'invalid_grant', title: 'Microsoft sent a sign-in Latchkey cannot trust' });
    } finally {
      tid = 'tenant-1';
    }
  });
});
