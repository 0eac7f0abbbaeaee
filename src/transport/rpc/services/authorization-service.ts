import type { ChangeFeed } from '../../../modules/changes/change-feed.js';
import type { Kysely } from 'kysely';
import { ConnectedAccountService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/connected_accounts/connected_accounts_pb.js';
import type { Tables } from '../../../storage/schema.js';
import type { Vault } from '../../../modules/vault/vault.js';
import { createAuthorizationLink } from '../../../modules/authorization/links.js';
import { verifyConnectedAccountUser } from '../../../modules/authorization/flows/verify-user.js';
import { verifyMcpSignInUser } from '../../../modules/mcp-oauth/sign-in/app-verification.js';
import { bind } from '../rpc-types.js';
import { ts } from '../timestamps.js';

/**
 * The authorization half of ConnectedAccountService: GetMagicLinkForConnectedAccount (the SDK's
 * getAuthorizationLink) and VerifyConnectedAccountUser. The rest of the service is bound
 * elsewhere; the dispatcher merges bindings per method.
 */
export function authorizationService(db: Kysely<Tables>, vault: Vault, publicUrl: string, changes?: ChangeFeed) {
  return bind(ConnectedAccountService, {
    async getMagicLinkForConnectedAccount(req, ctx) {
      const issued = await createAuthorizationLink(db, ctx.principal.environmentId, publicUrl, {
        accountId: req.id || undefined,
        connector: req.connector,
        identifier: req.identifier,
        organizationId: req.organizationId,
        userId: req.userId,
        state: req.state,
        userVerifyUrl: req.userVerifyUrl || undefined,
      });
      ctx.log.info({ accountId: issued.accountId }, 'authorization link issued');
      // The link may have created a PENDING_AUTH account, which an identifier-only ExecuteTool must now see.
      changes?.accountChanged(ctx.principal.environmentId, issued.accountId);
      return { link: issued.link, expiry: ts(issued.expiresAt) };
    },
    async verifyConnectedAccountUser(req, ctx) {
      // An MCP client's sign-in (Latchkey's authorization server, mode custom) carries an auth_request_id of the same shape.
      const mcpSignIn = await verifyMcpSignInUser(db, publicUrl, ctx.principal.environmentId, { authRequestId: req.authRequestId, identifier: req.identifier });
      if (mcpSignIn) return mcpSignIn;
      return verifyConnectedAccountUser(db, vault, publicUrl, ctx.principal.environmentId, { authRequestId: req.authRequestId, identifier: req.identifier }, changes);
    },
  });
}
