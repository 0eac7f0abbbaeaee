import type { ChangeFeed } from '../../../modules/changes/change-feed.js';
import type { Kysely } from 'kysely';
import type { JsonObject } from '@bufbuild/protobuf';
import {
  ConnectedAccountService,
  ConnectorStatus,
  ConnectorType,
  type AuthorizationDetails,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connected_accounts/connected_accounts_pb.js';
import type { Tables } from '../../../storage/schema.js';
import type { Vault } from '../../../modules/vault/vault.js';
import type { AuthType } from '../../../modules/providers/definition/provider-definition.js';
import { DomainError, invalidArgument } from '../../../modules/errors/domain-error.js';
import type { AccountCredentials } from '../../../modules/accounts/account.js';
import { accountRefOf, getAccount, type AccountView } from '../../../modules/accounts/account-lookup.js';
import * as accounts from '../../../modules/accounts/accounts.js';
import { listAccounts } from '../../../modules/accounts/list-accounts.js';
import { AUTH_FIELD, type AuthorizationInput } from '../../../modules/accounts/validate-authorization.js';
import { bind } from '../rpc-types.js';
import { ts } from '../timestamps.js';

const CONNECTOR_TYPE: Record<AuthType, ConnectorType> = {
  OAUTH: ConnectorType.OAUTH,
  API_KEY: ConnectorType.API_KEY,
  BASIC: ConnectorType.BASIC,
  BEARER: ConnectorType.BEARER_TOKEN,
};

/** ConnectedAccountForList: what lists carry. Never credentials. */
function toListProto(a: AccountView) {
  return {
    id: a.id,
    identifier: a.identifier,
    provider: a.providerKey,
    connector: a.connectionName,
    connectionId: a.connectionId,
    status: ConnectorStatus[a.status],
    authorizationType: CONNECTOR_TYPE[a.authType] ?? ConnectorType.CONNECTION_TYPE_UNSPECIFIED,
    tokenExpiresAt: ts(a.tokenExpiresAt),
    updatedAt: ts(a.updatedAt),
    lastUsedAt: ts(a.lastUsedAt),
  };
}

function detailsProto(a: AccountView, c: AccountCredentials) {
  if (c.kind === 'oauth') {
    return { details: { case: 'oauthToken' as const, value: { accessToken: c.access_token, refreshToken: c.refresh_token ?? '', scopes: a.scopes } } };
  }
  // Echo the details as they were sent: the sealed fields and the account fields beside them.
  return { details: { case: 'staticAuth' as const, value: { details: { ...a.accountFields, ...c.fields } } } };
}

/** ConnectedAccount; `authorization_details` only when `credentials` is passed (GetConnectedAccountAuth). */
function toProto(a: AccountView, credentials?: AccountCredentials) {
  return { ...toListProto(a), apiConfig: a.apiConfig as JsonObject, authorizationDetails: credentials ? detailsProto(a, credentials) : undefined };
}

/** authorization_details → domain input; undefined when no credentials were sent. */
function authorizationOf(d: AuthorizationDetails | undefined): AuthorizationInput | undefined {
  const x = d?.details;
  if (!x || x.case === undefined) return undefined;
  switch (x.case) {
    case 'oauthToken': {
      const t = x.value;
      // The SDK's getOrCreateConnectedAccount sends an empty oauth_token when the caller gave no credentials.
      if (!t.accessToken && !t.refreshToken && !t.scopes.length && !t.domain) return undefined;
      if (t.domain) {
        throw invalidArgument(`${AUTH_FIELD}.oauth_token.domain`, 'is not supported by Latchkey: account values such as a shop or subdomain come from the authorization flow');
      }
      return { kind: 'oauth', accessToken: t.accessToken, refreshToken: t.refreshToken || undefined, scopes: t.scopes };
    }
    case 'staticAuth':
      return { kind: 'static', details: x.value.details ?? {} };
    default:
      throw invalidArgument(`${AUTH_FIELD}.${x.case === 'googleDwd' ? 'google_dwd' : 'trusted_idp'}`, 'is not supported by Latchkey: send oauth_token or static_auth');
  }
}

/** The `this` bindings (GET /connected_accounts/this, POST …/this:disconnect) name the caller's own account: an end-user session Latchkey has not got. */
function requiredId(id: string): string {
  if (id.trim()) return id.trim();
  throw invalidArgument('id', "is required: the connected account's id (ca_…). The `this` form needs an end-user session, which Latchkey does not have; API clients pass the id");
}


const unimplemented = (method: string, why: string) =>
  new DomainError('unimplemented', `scalekit.v1.connected_accounts.ConnectedAccountService.${method} is not implemented: ${why}`, { reason: 'UNIMPLEMENTED' });

/**
 * ConnectedAccountService, except GetMagicLinkForConnectedAccount and VerifyConnectedAccountUser
 * (authorization-service.ts). Every caller is an environment API client (an access token from
 * POST /oauth/token), so GetConnectedAccountAuth returns credentials in clear to any of them, as
 * Scalekit does: the environment's client secret is the key to its accounts' secrets. The other
 * reads never carry credentials. The My* calls act for a signed-in end user; Latchkey has no end-user
 * sessions yet, so they stay unimplemented (the dispatcher answers Unimplemented).
 */
export function connectedAccountService(db: Kysely<Tables>, vault: Vault, changes?: ChangeFeed) {
  // This process stops serving cached credentials (and resolved proxy targets) of a changed account.
  const changed = (envId: string, accountId: string) => changes?.accountChanged(envId, accountId);
  return bind(ConnectedAccountService, {
    async listConnectedAccounts(req, ctx) {
      const page = await listAccounts(db, ctx.principal.environmentId, {
        organizationId: req.organizationId,
        userId: req.userId,
        connectionName: req.connector?.trim(),
        identifier: req.identifier?.trim(),
        providerKey: req.provider,
        connectionNames: req.connectionNames,
        query: req.query,
        pageSize: req.pageSize,
        pageToken: req.pageToken,
      });
      return { connectedAccounts: page.items.map(toListProto), totalSize: page.totalSize, nextPageToken: page.nextPageToken, prevPageToken: page.prevPageToken };
    },
    async searchConnectedAccounts(req, ctx) {
      const page = await listAccounts(db, ctx.principal.environmentId, {
        query: req.query,
        connectionId: req.connectionId.trim() || undefined,
        pageSize: req.pageSize,
        pageToken: req.pageToken,
      });
      return { connectedAccounts: page.items.map(toListProto), totalSize: page.totalSize, nextPageToken: page.nextPageToken, prevPageToken: page.prevPageToken };
    },
    async createConnectedAccount(req, ctx) {
      const created = await accounts.createAccount(db, vault, ctx.principal.environmentId, {
        connectionName: req.connector ?? '',
        identifier: req.identifier ?? '',
        organizationId: req.organizationId,
        userId: req.userId,
        authorization: authorizationOf(req.connectedAccount?.authorizationDetails),
        apiConfig: req.connectedAccount?.apiConfig,
      });
      // A new account can make an identifier-only ExecuteTool ambiguous: cached resolutions go.
      changed(ctx.principal.environmentId, created.id);
      return { connectedAccount: toProto(created) };
    },
    async updateConnectedAccount(req, ctx) {
      const updated = await accounts.updateAccount(db, vault, ctx.principal.environmentId, accountRefOf(req), {
        authorization: authorizationOf(req.connectedAccount?.authorizationDetails),
        apiConfig: req.connectedAccount?.apiConfig,
      });
      changed(ctx.principal.environmentId, updated.id);
      return { connectedAccount: toProto(updated) };
    },
    async deleteConnectedAccount(req, ctx) {
      changed(ctx.principal.environmentId, await accounts.deleteAccount(db, ctx.principal.environmentId, accountRefOf(req)));
      return {};
    },
    async getConnectedAccount(req, ctx) {
      return { connectedAccount: toProto(await getAccount(db, ctx.principal.environmentId, { id: requiredId(req.id) })) };
    },
    async disconnectConnectedAccount(req, ctx) {
      const disconnected = await accounts.disconnectAccount(db, ctx.principal.environmentId, { id: requiredId(req.id) });
      changed(ctx.principal.environmentId, disconnected.id);
      return { connectedAccount: toProto(disconnected) };
    },
    async getConnectedAccountAuth(req, ctx) {
      const { account, credentials } = await accounts.getAccountWithCredentials(db, vault, ctx.principal.environmentId, accountRefOf(req));
      return { connectedAccount: toProto(account, credentials) };
    },
    async getConnectedAccountDetails(req, ctx) {
      return { connectedAccount: toProto(await getAccount(db, ctx.principal.environmentId, accountRefOf(req))) };
    },
    async getRedirectUrl() {
      throw unimplemented(
        'GetRedirectUrl',
        'Latchkey has no hosted connected-accounts portal to redirect to; send users an authorization link (GetMagicLinkForConnectedAccount) instead',
      );
    },
  });
}
