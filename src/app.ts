import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Config } from './config/load-config.js';
import type { Logger } from './logging/logger.js';
import { openCore, type Core } from './server/core.js';
import { buildHttpApp } from './server/http-app.js';
import { createProxyHandler, isProxyPath } from './server/routes/proxy-route.js';
import { createTokenRoute } from './server/routes/token-route.js';
import { createMcpRoute, isMcpPath } from './server/routes/mcp-route.js';
import { registerMcpAdminRoutes } from './server/routes/mcp-admin-routes.js';
import { registerMcpConnectorRoutes } from './server/routes/mcp-connector-routes.js';
import { createMcpHttpHandler } from './modules/mcp/protocol/mcp-http-handler.js';
import { mountMcpOAuth } from './server/routes/mcp-oauth-mount.js';
import { mountAppSignIn } from './server/routes/app-signin-mount.js';
import { registerClientRedirectUriRoutes } from './server/routes/app-signin-redirect-uri-routes.js';
import { registerHostedLoginRoutes } from './pages/routes/login-routes.js';
import { registerSocialLoginRoutes } from './pages/routes/social-login-routes.js';
import { registerSocialProviderRoutes } from './server/routes/social-provider-routes.js';
import { listSocialProviders } from './modules/social-login/index.js';
import { listen, type Listener } from './server/listener.js';
import { createMetrics } from './server/metrics.js';
import { bootstrap } from './server/bootstrap.js';
import { RpcDispatcher } from './transport/rpc/rpc-dispatcher.js';
import { connectRoutes } from './transport/rpc/connect-routes.js';
import { rpcNodeHandler } from './transport/rpc/rpc-node-handler.js';
import type { ServiceBinding } from './transport/rpc/rpc-types.js';
import { organizationService } from './transport/rpc/services/organization-service.js';
import { connectionService } from './transport/rpc/services/connection-service.js';
import { authorizationService } from './transport/rpc/services/authorization-service.js';
import { connectedAccountService } from './transport/rpc/services/connected-account-service.js';
import { toolService } from './transport/rpc/services/tool-service.js';
import { roleService } from './transport/rpc/services/role-service.js';
import { permissionService } from './transport/rpc/services/permission-service.js';
import { userRoleRpcs } from './transport/rpc/services/user-role-rpcs.js';
import { domainService } from './transport/rpc/services/domain-service.js';
import { apiTokenService } from './transport/rpc/services/api-token-service.js';
import { createTxtLookup } from './modules/domains/txt-lookup.js';
import { userService } from './transport/rpc/services/user-service.js';
import { passwordlessService } from './transport/rpc/services/passwordless-service.js';
import { sessionService } from './transport/rpc/services/session-service.js';
import { createSessions, sessionDefaultsFrom } from './modules/sessions/index.js';
import { registerPasswordlessSettingsRoutes } from './server/routes/passwordless-settings-routes.js';
import { organizationPolicyService } from './transport/rpc/services/organization-policy-service.js';
import { createMailer } from './modules/email/mailer.js';
import { executeToolRpc } from './transport/rpc/services/execute-tool-rpc.js';
import { ResolvedAccounts } from './modules/tools/execute/resolved-accounts.js';
import { builtinToolRegistry, type ToolRegistry } from './modules/tools/registry/tool-registry.js';
import { startToolExecutionRecords } from './modules/tools/records/tool-execution-records.js';
import { withAccountTools } from './modules/tools/registry/account-tool-source.js';
import { McpToolSource } from './modules/mcp-connectors/mcp-tool-source.js';
import type { CreatedClient } from './modules/clients/api-clients.js';
import { CredentialService } from './modules/credentials/credential-service.js';
import { createOutboundFetch } from './modules/egress/outbound-fetch.js';

export interface RunningServer {
  core: Core;
  port: number;
  url: string;
  /** Set on the very first start: the development client, secret included. */
  firstClient: CreatedClient | undefined;
  /** Usable account credentials, OAuth tokens refreshed ahead of expiry and after a 401 (one per process). */
  credentials: CredentialService;
  close(): Promise<void>;
}

/** The composition root: the only place that wires modules, storage and transports together. */
export interface ServerOptions {
  /** The tools served (ListTools, ExecuteTool); the built-in catalog unless a test brings its own. */
  tools?: ToolRegistry;
}

export async function startServer(config: Config, log: Logger, opts: ServerOptions = {}): Promise<RunningServer> {
  const core = await openCore(config, log);
  try {
    const firstClient = await bootstrap(core.storage.db);
    const outbound = createOutboundFetch({ upstreamCaFile: config.upstreamCaFile, log });
    const credentials = new CredentialService({ storage: core.storage, vault: core.vault, log, outbound, changes: core.changes });
    const metrics = createMetrics();
    const report = (err: unknown) => {
      const id = randomUUID();
      // Message and stack go to the log only; the caller sees the id.
      log.error({ requestId: id, err: { message: (err as Error)?.message, stack: (err as Error)?.stack } }, 'unexpected error');
      return id;
    };
    const proxy = createProxyHandler({ core, report, credentials, metrics });
    // MCP-server connectors bring each account's own tools (imported from the upstream through the proxy's machinery).
    const tools = withAccountTools(opts.tools ?? builtinToolRegistry(), new McpToolSource({ db: core.storage.db, upstream: proxy.service, changes: core.changes, log }));
    const toolRecords = startToolExecutionRecords({ storage: core.storage, retentionDays: config.toolExecutionRetentionDays, log });
    const mailer = createMailer({ smtpUrl: config.smtpUrl, from: config.emailFrom, db: core.storage.db, vault: core.vault, log });
    // One set of ExecuteTool dependencies: the RPC and MCP's tools/call run the same pipeline.
    const toolExecution = { db: core.storage.db, tools, upstream: proxy.service, records: toolRecords.writer, accounts: new ResolvedAccounts(core.storage.db, core.changes), outbound };
    // End-user sessions of app sign-in: started, checked and ended by the authorization server, read and revoked over SessionService.
    const sessions = createSessions({ db: core.storage.db, defaults: sessionDefaultsFrom(config) });
    const bindings: ServiceBinding[] = [
      organizationService(core.storage.db),
      roleService(core.storage.db),
      permissionService(core.storage.db),
      userRoleRpcs(core.storage.db),
      domainService(core.storage.db, createTxtLookup(config.dnsServers)),
      apiTokenService(core.storage.db),
      organizationPolicyService({ db: core.storage.db, vault: core.vault, publicUrl: config.publicUrl, sessionDefaults: sessionDefaultsFrom(config) }),
      userService({ db: core.storage.db, mailer, publicUrl: config.publicUrl, log }),
      passwordlessService({ db: core.storage.db, mailer }),
      sessionService(sessions),
      connectionService(core.storage.db, core.vault, config.publicUrl, core.changes),
      connectedAccountService(core.storage.db, core.vault, core.changes),
      authorizationService(core.storage.db, core.vault, config.publicUrl, core.changes),
      toolService({
        db: core.storage.db,
        registry: tools,
        execute: executeToolRpc(toolExecution),
      }),
    ];
    const dispatcher = new RpcDispatcher(bindings, core.tokens, log);
    // Latchkey as the OAuth authorization server of its MCP endpoints (/mcp/oauth, sign-in pages under /connect/mcp-oauth).
    const mcpOAuth = await mountMcpOAuth(core, { outbound, metrics, report });
    // Latchkey as the OpenID Provider of the environment's apps (/oauth/authorize, /oauth/token's code and refresh grants, /oidc/logout).
    const appSignIn = await mountAppSignIn(core, { sessions, metrics, report });
    const interactions = appSignIn.interactions;
    // The token endpoint's form posts skip Fastify like the proxy's calls (src/server/routes/token-route.ts).
    const tokenRoute = createTokenRoute({ db: core.storage.db, tokens: core.tokens, providerGrants: appSignIn.grants, maxBodyBytes: config.maxBodyBytes, metrics, log, report });
    let draining = false;
    const { app, handler: httpHandler } = await buildHttpApp(core, {
      dispatcher, report, metrics, draining: () => draining, proxy, tools, tokenRoute,
      extraRoutes: (a) => {
        registerMcpAdminRoutes(a, { db: core.storage.db, tokens: core.tokens, report, tools, publicUrl: config.publicUrl, changes: core.changes });
        mcpOAuth.registerPages(a);
        registerMcpConnectorRoutes(a, { db: core.storage.db, tokens: core.tokens, report, outbound });
        registerPasswordlessSettingsRoutes(a, { db: core.storage.db, tokens: core.tokens, report });
        registerClientRedirectUriRoutes(a, { db: core.storage.db, tokens: core.tokens, report });
        registerHostedLoginRoutes(a, { db: core.storage.db, mailer, publicUrl: config.publicUrl, log, report, interactions, listSocialButtons: listSocialProviders });
        registerSocialLoginRoutes(a, { db: core.storage.db, vault: core.vault, publicUrl: config.publicUrl, outbound, log, report, interactions });
        registerSocialProviderRoutes(a, { db: core.storage.db, vault: core.vault, tokens: core.tokens, report });
      },
    });
    const mcp = createMcpHttpHandler({ execution: toolExecution, publicUrl: config.publicUrl, pageSize: config.mcpToolsPageSize, changes: core.changes, log, report }, { maxRequestBodySize: config.maxBodyBytes });
    const mcpRoute = createMcpRoute({ db: core.storage.db, publicUrl: config.publicUrl, allowedOrigins: config.mcpAllowedOrigins, mcp, changes: core.changes, maxBodyBytes: config.maxBodyBytes, metrics, log, report });
    const rpcAndHttp = rpcNodeHandler({
      routes: connectRoutes(dispatcher, report),
      readMaxBytes: config.maxBodyBytes,
      jsonOptions: { ignoreUnknownFields: false },
      fallback: httpHandler,
      log,
    });
    // The Tool Proxy's hot path skips the RPC adapter and Fastify's router and hooks (it counts and audits its calls itself).
    // MCP endpoints likewise: the SDK serves the protocol on web-standard requests (src/server/routes/mcp-route.ts).
    const handler: http.RequestListener = (req, res) => (isProxyPath(req.url) ? proxy.handle(req, res) : isMcpPath(req.url) ? mcpRoute(req, res) : mcpOAuth.isPath(req.url) ? mcpOAuth.handle(req, res) : appSignIn.isPath(req.url) ? appSignIn.handle(req, res) : tokenRoute.takes(req) ? tokenRoute.handle(req, res) : rpcAndHttp(req, res));
    const listener: Listener = await listen(handler, {
      host: config.host,
      port: config.port,
      requestTimeoutMs: config.requestTimeoutMs,
      untimed: (req) => isProxyPath(req.url),
      tlsCertFile: config.tlsCertFile,
      tlsKeyFile: config.tlsKeyFile,
    });
    // Pick up keys rotated by `latchkey keys rotate` or another replica (data keys, then signing keys);
    // unknown key ids and token issuance also reload on demand, so this only bounds staleness.
    const keyReload = setInterval(
      () => core.signingKeys.reload().catch((err) => log.warn({ err: (err as Error).message }, 'key reload failed; still using the keys loaded before')),
      config.keyReloadIntervalSeconds * 1000,
    );
    keyReload.unref();
    const scheme = config.tlsCertFile ? 'https' : 'http';
    log.info({ port: listener.port, dialect: core.storage.dialect }, 'latchkey listening');
    return {
      core,
      port: listener.port,
      url: `${scheme}://127.0.0.1:${listener.port}`,
      firstClient,
      credentials,
      async close() {
        draining = true;
        clearInterval(keyReload);
        // Ends MCP sessions and their open SSE streams, which would otherwise hold the drain for its whole grace period.
        await mcp.close();
        await listener.close(config.shutdownGraceMs);
        await app.close();
        await toolRecords.close();
        await outbound.close();
        mailer.close();
        await core.close();
      },
    };
  } catch (err) {
    await core.close().catch(() => undefined);
    throw err;
  }
}
