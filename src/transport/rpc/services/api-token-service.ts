import type { Kysely } from 'kysely';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import { ApiTokenService } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/tokens/tokens_pb.js';
import type { Tables } from '../../../storage/schema.js';
import { invalidArgument } from '../../../modules/errors/domain-error.js';
import * as tokens from '../../../modules/api-tokens/api-tokens.js';
import type { ApiTokenInfo } from '../../../modules/api-tokens/api-token.js';
import { bind } from '../rpc-types.js';
import { ts } from '../timestamps.js';

const toProto = (t: ApiTokenInfo) => ({
  tokenId: t.tokenId,
  organizationId: t.organizationId,
  organizationExternalId: t.organizationExternalId,
  userId: t.userId,
  userExternalId: t.userExternalId,
  customClaims: t.customClaims,
  expiry: ts(t.expiry),
  createdAt: ts(t.createdAt),
  description: t.description,
  tokenSuffix: t.tokenSuffix,
  email: t.email,
  roles: t.roles,
});

/** ApiTokenService. FetchToken stays unimplemented: a token is shown once, at creation. */
export function apiTokenService(db: Kysely<Tables>) {
  return bind(ApiTokenService, {
    async createToken(req, ctx) {
      if (!req.token) throw invalidArgument('token', 'is required');
      const t = req.token;
      const created = await tokens.createToken(db, ctx.principal.environmentId, {
        organizationId: t.organizationId,
        userId: t.userId || undefined,
        customClaims: t.customClaims,
        expiry: t.expiry ? timestampDate(t.expiry) : undefined,
        description: t.description || undefined,
      });
      return { token: created.token, tokenId: created.info.tokenId, tokenInfo: toProto(created.info) };
    },
    async validateToken(req, ctx) {
      return { tokenInfo: toProto(await tokens.validateToken(db, ctx.principal.environmentId, req.token)) };
    },
    async invalidateToken(req, ctx) {
      await tokens.invalidateToken(db, ctx.principal.environmentId, req.token);
      return {};
    },
    async listTokens(req, ctx) {
      const page = await tokens.listTokens(db, ctx.principal.environmentId, {
        organizationId: req.organizationId,
        userId: req.userId || undefined,
        pageSize: req.pageSize,
        pageToken: req.pageToken,
      });
      return { tokens: page.items.map(toProto), totalCount: page.totalSize, nextPageToken: page.nextPageToken, prevPageToken: page.prevPageToken };
    },
    async updateToken(req, ctx) {
      return { tokenInfo: toProto(await tokens.updateToken(db, ctx.principal.environmentId, req.token, { customClaims: req.customClaims, description: req.description })) };
    },
  });
}
