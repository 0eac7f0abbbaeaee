import http from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Config } from './config/load-config.js';
import type { Logger } from './logging/logger.js';
import { openCore, type Core } from './server/core.js';
import { buildHttpApp } from './server/http-app.js';
import { createProxyHandler, isProxyPath } from './server/routes/proxy-route.js';
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
import { executeToolRpc } from './transport/rpc/services/execute-tool-rpc.js';
import { builtinToolRegistry, type ToolRegistry } from './modules/tools/registry/tool-registry.js';
import { startToolExecutionRecords } from './modules/tools/records/tool-execution-records.js';
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
    const tools = opts.tools ?? builtinToolRegistry();
    const toolRecords = startToolExecutionRecords({ storage: core.storage, retentionDays: config.toolExecutionRetentionDays, log });
    const bindings: ServiceBinding[] = [
      organizationService(core.storage.db),
      connectionService(core.storage.db, core.vault, config.publicUrl, core.changes),
      connectedAccountService(core.storage.db, core.vault, core.changes),
      authorizationService(core.storage.db, core.vault, config.publicUrl, core.changes),
      toolService({
        db: core.storage.db,
        registry: tools,
        execute: executeToolRpc({ db: core.storage.db, tools, upstream: proxy.service, records: toolRecords.writer }),
      }),
    ];
    const dispatcher = new RpcDispatcher(bindings, core.tokens, log);
    let draining = false;
    const { app, handler: httpHandler } = await buildHttpApp(core, { dispatcher, report, metrics, draining: () => draining, proxy, tools });
    const rpcAndHttp = rpcNodeHandler({
      routes: connectRoutes(dispatcher, report),
      readMaxBytes: config.maxBodyBytes,
      jsonOptions: { ignoreUnknownFields: false },
      fallback: httpHandler,
      log,
    });
    // The Tool Proxy's hot path skips the RPC adapter and Fastify's router and hooks (it counts and audits its calls itself).
    const handler: http.RequestListener = (req, res) => (isProxyPath(req.url) ? proxy.handle(req, res) : rpcAndHttp(req, res));
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
        await listener.close(config.shutdownGraceMs);
        await app.close();
        await toolRecords.close();
        await outbound.close();
        await core.close();
      },
    };
  } catch (err) {
    await core.close().catch(() => undefined);
    throw err;
  }
}
