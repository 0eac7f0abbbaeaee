import type { ChangeFeed } from '../../../modules/changes/change-feed.js';
import type { Kysely } from 'kysely';
import {
  ConnectionService,
  ConnectionStatus,
  ConnectionType,
  type OAuthConnectionConfig,
  type UpdateConnection,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connections/connections_pb.js';
import type { Tables } from '../../../storage/schema.js';
import type { Vault } from '../../../modules/vault/vault.js';
import * as conns from '../../../modules/connections/connections.js';
import type { Connection } from '../../../modules/connections/connection.js';
import { FIELD } from '../../../modules/connections/validate-connection.js';
import { oauthRedirectUri } from '../../../modules/connections/redirect-uri.js';
import { findProvider } from '../../../modules/providers/provider-registry.js';
import type { Provider } from '../../../modules/providers/provider.js';
import { invalidArgument, invalidFields, type FieldViolation } from '../../../modules/errors/domain-error.js';
import { connectionEndpointUrls } from '../../../modules/mcp/endpoints/connection-endpoints.js';
import { bind } from '../rpc-types.js';
import { ts } from '../timestamps.js';

/** The provider's OAuth endpoints for a connection; undefined when the provider or pattern is gone. */
async function oauthEndpoints(db: Kysely<Tables>, c: Connection) {
  const provider: Provider | undefined = await findProvider(db, c.environmentId, c.providerKey).catch(() => undefined);
  return provider?.definition.auth_patterns.find((p) => p.type === c.authType)?.oauth_config;
}

/**
 * Connection → proto. OAUTH connections carry oauth_config (client id, scopes, this deployment's
 * redirect URI, the provider's endpoints, the connection's extra authorize params) and never the
 * client secret; static types carry static_config `{timeout_ms, proxy_url?}`. Any connection
 * (OAUTH too) takes static_config `{timeout_ms, proxy_url}` in an update: the settings oneof
 * leaves OAuth connections no other place for them.
 */
async function toProto(db: Kysely<Tables>, publicUrl: string, c: Connection) {
  let settings;
  if (c.authType === 'OAUTH') {
    const ep = await oauthEndpoints(db, c);
    settings = {
      case: 'oauthConfig' as const,
      value: {
        clientId: c.clientId,
        scopes: c.scopes,
        redirectUri: oauthRedirectUri(publicUrl),
        authorizeUri: ep?.authorize_uri,
        tokenUri: ep?.token_uri,
        userInfoUri: ep?.user_info_uri,
        pkceEnabled: ep ? ep.pkce ?? true : undefined,
        extensions: { extraAuthorizeParams: c.authorizeParams },
      },
    };
  } else {
    settings = { case: 'staticConfig' as const, value: { staticConfig: { timeout_ms: c.timeoutMs, ...(c.proxyUrl ? { proxy_url: c.proxyUrl } : {}) } } };
  }
  // Connection.mcp_server_url: its MCP endpoint when served over MCP, empty otherwise.
  const mcp = await connectionEndpointUrls(db, c.environmentId, publicUrl, [c.id]);
  return { ...commonFields(c), createTime: ts(c.createdAt), updateTime: ts(c.updatedAt), settings, mcpServerUrl: mcp.get(c.id) ?? '' };
}

/** Fields `Connection` and `ListConnection` share. */
function commonFields(c: Connection) {
  return {
    id: c.id,
    type: ConnectionType[c.authType],
    status: ConnectionStatus[c.status],
    enabled: c.enabled,
    providerKey: c.providerKey,
    keyId: c.connectionName,
  };
}

function toListProto(c: Connection, mcpUrls: Map<string, string>) {
  return { ...commonFields(c), createdAt: ts(c.createdAt), mcpServerUrl: mcpUrls.get(c.id) ?? '' };
}

/** ListConnection items with their MCP URLs, looked up in one query. */
async function toListProtos(db: Kysely<Tables>, publicUrl: string, envId: string, items: Connection[]) {
  const urls = await connectionEndpointUrls(db, envId, publicUrl, items.map((c) => c.id));
  return items.map((c) => toListProto(c, urls));
}

/** ConnectionType enum → Latchkey auth type name; undefined for INVALID (unset). */
const authTypeOf = (t: ConnectionType): string | undefined => (t === ConnectionType.INVALID ? undefined : ConnectionType[t] ?? String(t));

const NOT_SUPPORTED = 'is not supported by Latchkey app connections';

/** SSO-only UpdateConnection fields: refused when set, so nothing is silently dropped. */
function unsupportedUpdateFields(u: UpdateConnection): FieldViolation[] {
  const v: FieldViolation[] = [];
  const flag = (set: boolean, field: string) => set && v.push({ field: `connection.${field}`, description: NOT_SUPPORTED });
  flag(u.provider !== 0, 'provider');
  flag(u.debugEnabled !== undefined, 'debug_enabled');
  flag(u.uiButtonTitle !== undefined, 'ui_button_title');
  flag(u.configurationType !== 0, 'configuration_type');
  flag(Object.keys(u.attributeMapping).length > 0, 'attribute_mapping');
  const c = u.settings.case;
  if (c && c !== 'oauthConfig' && c !== 'staticConfig') {
    v.push({ field: `connection.${c.replace(/[A-Z]/g, (m) => '_' + m.toLowerCase())}`, description: `${NOT_SUPPORTED}; send oauth_config or static_config` });
  }
  return v;
}

/** oauth_config → patch. Read-only values (from the provider or this deployment) are accepted only unchanged, so a GET body can be sent back. */
async function oauthPatch(db: Kysely<Tables>, publicUrl: string, current: Connection, o: OAuthConnectionConfig, v: FieldViolation[]): Promise<conns.ConnectionPatch> {
  const shown = await toProto(db, publicUrl, current);
  const ro = shown.settings.case === 'oauthConfig' ? shown.settings.value : undefined;
  const readOnly: Array<[string, unknown, unknown]> = [
    ['authorize_uri', o.authorizeUri, ro?.authorizeUri],
    ['token_uri', o.tokenUri, ro?.tokenUri],
    ['user_info_uri', o.userInfoUri, ro?.userInfoUri],
    ['pkce_enabled', o.pkceEnabled, ro?.pkceEnabled],
    ['redirect_uri', o.redirectUri || undefined, ro?.redirectUri],
  ];
  for (const [name, sent, actual] of readOnly) {
    if (sent !== undefined && sent !== actual) {
      v.push({ field: `connection.oauth_config.${name}`, description: `is read-only: it comes from provider '${current.providerKey}' and this server (currently ${JSON.stringify(actual ?? null)})` });
    }
  }
  const unsupported: Array<[string, boolean]> = [
    ['use_platform_creds', o.usePlatformCreds === true],
    ['custom_scope_name', !!o.customScopeName],
    ['sync_user_profile_on_login', o.syncUserProfileOnLogin === true],
    ['tenant_id', !!o.tenantId],
    ['is_cimd', o.isCimd === true],
    ['app_name', !!o.appName],
    ['optional_scopes', !!o.optionalScopes?.scopes.length],
    ['extensions.smart', o.extensions?.smart !== undefined],
  ];
  for (const [name, set] of unsupported) {
    if (set) v.push({ field: `connection.oauth_config.${name}`, description: name === 'use_platform_creds' ? 'is not available: Latchkey has no shared platform credentials; set client_id and client_secret' : NOT_SUPPORTED });
  }

  // The map has no presence: an empty one leaves the params as they are. prompt, access_type and
  // token_access_type are authorize params with their own fields; an empty value removes one.
  const extra = o.extensions?.extraAuthorizeParams ?? {};
  let authorizeParams = Object.keys(extra).length ? { ...extra } : undefined;
  for (const [param, value] of [['prompt', o.prompt], ['access_type', o.accessType], ['token_access_type', o.tokenAccessType]] as const) {
    if (value === undefined) continue;
    authorizeParams ??= { ...current.authorizeParams };
    if (value) authorizeParams[param] = value;
    else delete authorizeParams[param];
  }
  return {
    clientId: o.clientId,
    clientSecret: o.clientSecret,
    // Repeated fields have no presence either: an empty list leaves the scopes as they are.
    scopes: o.scopes.length ? o.scopes : undefined,
    authorizeParams,
  };
}

function staticPatch(config: Record<string, unknown> | undefined, v: FieldViolation[]): conns.ConnectionPatch {
  const patch: conns.ConnectionPatch = {};
  for (const [key, value] of Object.entries(config ?? {})) {
    if (key === 'proxy_url') {
      // null or "" removes the override.
      if (value === null || value === '') patch.proxyUrl = null;
      else if (typeof value !== 'string') v.push({ field: FIELD.proxyUrl, description: "must be a URL string (or null to use the provider's proxy_url again)" });
      else patch.proxyUrl = value;
    } else if (key !== 'timeout_ms') v.push({ field: `connection.static_config.${key}`, description: 'is not a recognised setting; static_config accepts timeout_ms and proxy_url' });
    else if (value === null) patch.timeoutMs = null;
    else if (typeof value !== 'number') v.push({ field: FIELD.timeoutMs, description: 'must be a number of milliseconds' });
    else patch.timeoutMs = value;
  }
  return patch;
}

export function connectionService(db: Kysely<Tables>, vault: Vault, publicUrl: string, changes?: ChangeFeed) {
  const show = (c: Connection) => toProto(db, publicUrl, c);
  // The Tool Proxy caches resolved connections per environment.
  const changed = (envId: string) => changes?.environmentChanged(envId);
  const ref = (connectionId: string): conns.ConnectionRef => ({ idOrName: connectionId });

  async function toggle(connectionId: string, envId: string, enabled: boolean) {
    const c = await conns.setConnectionEnabled(db, envId, ref(connectionId), enabled);
    changed(envId);
    const errorMessage =
      enabled && c.status !== 'COMPLETED' ? `connection '${c.connectionName}' is enabled, but accounts cannot connect until oauth_config.client_id and client_secret are set` : undefined;
    return { enabled: c.enabled, errorMessage };
  }

  return bind(ConnectionService, {
    async createEnvironmentConnection(req, ctx) {
      if (!req.connection) throw invalidArgument('connection', 'is required');
      if (req.flags?.isLogin) throw invalidArgument('flags.is_login', `${NOT_SUPPORTED}: Latchkey serves app connections (flags.is_app)`);
      const c = req.connection;
      if (c.provider !== 0) throw invalidArgument('connection.provider', `${NOT_SUPPORTED} (it names SSO identity providers); name the app provider in provider_key`);
      const created = await conns.createConnection(db, vault, ctx.principal.environmentId, {
        providerKey: c.providerKey,
        authType: authTypeOf(c.type),
        connectionName: c.keyId || undefined,
      });
      changed(ctx.principal.environmentId);
      return { connection: await show(created) };
    },
    async getEnvironmentConnection(req, ctx) {
      return { connection: await show(await conns.getConnection(db, ctx.principal.environmentId, ref(req.connectionId))) };
    },
    async listConnections(req, ctx) {
      // Organization and domain filters select SSO connections, which Latchkey does not have.
      if (req.organizationId || req.domain) return { connections: [] };
      const all = await conns.listAllConnections(db, ctx.principal.environmentId);
      return { connections: await toListProtos(db, publicUrl, ctx.principal.environmentId, all) };
    },
    async listAppConnections(req, ctx) {
      const page = await conns.listConnections(db, ctx.principal.environmentId, {
        provider: req.provider,
        pageSize: req.pageSize,
        pageToken: req.pageToken,
        query: req.query,
      });
      return { connections: await toListProtos(db, publicUrl, ctx.principal.environmentId, page.items), nextPageToken: page.nextPageToken, prevPageToken: page.prevPageToken, totalSize: page.totalSize };
    },
    async updateEnvironmentConnection(req, ctx) {
      if (!req.connection) throw invalidArgument('connection', 'is required');
      const envId = ctx.principal.environmentId;
      const u = req.connection;
      const current = await conns.getConnection(db, envId, ref(req.connectionId));
      const v = unsupportedUpdateFields(u);
      const type = authTypeOf(u.type);
      if (type !== undefined && type !== current.authType) {
        v.push({ field: FIELD.type, description: `cannot be changed (the connection is ${current.authType}); create another connection for another auth type` });
      }
      if (u.providerKey && u.providerKey !== current.providerKey) {
        v.push({ field: FIELD.providerKey, description: `cannot be changed (the connection uses '${current.providerKey}'); create another connection for another provider` });
      }
      let patch: conns.ConnectionPatch = {};
      if (u.settings.case === 'oauthConfig') patch = await oauthPatch(db, publicUrl, current, u.settings.value, v);
      else if (u.settings.case === 'staticConfig') patch = staticPatch(u.settings.value.staticConfig, v);
      if (v.length) throw invalidFields(v);
      patch.connectionName = u.keyId || undefined;
      const updated = await conns.updateConnection(db, vault, envId, { id: current.id }, patch);
      changed(envId);
      return { connection: await show(updated) };
    },
    async deleteEnvironmentConnection(req, ctx) {
      await conns.deleteConnection(db, ctx.principal.environmentId, ref(req.connectionId));
      changed(ctx.principal.environmentId);
      return {};
    },
    async enableEnvironmentConnection(req, ctx) {
      return toggle(req.connectionId, ctx.principal.environmentId, true);
    },
    async disableEnvironmentConnection(req, ctx) {
      return toggle(req.connectionId, ctx.principal.environmentId, false);
    },
  });
}
