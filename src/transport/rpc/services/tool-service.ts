import type { Kysely } from 'kysely';
import type { MessageInitShape } from '@bufbuild/protobuf';
import {
  ToolService,
  type ExecuteToolRequest,
  type ExecuteToolResponseSchema,
  type ToolSchema,
} from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/tools/tools_pb.js';
import type { Tables } from '../../../storage/schema.js';
import { DomainError } from '../../../modules/errors/domain-error.js';
import { builtinToolRegistry, type RegisteredTool, type ToolRegistry } from '../../../modules/tools/registry/tool-registry.js';
import { toolView } from '../../../modules/tools/registry/tool-view.js';
import { listTools } from '../../../modules/tools/registry/list-tools.js';
import { listScopedTools } from '../../../modules/tools/registry/list-scoped-tools.js';
import { listAvailableTools } from '../../../modules/tools/registry/list-available-tools.js';
import { bind, type CallContext } from '../rpc-types.js';
import { ts } from '../timestamps.js';

export interface ToolServiceDeps {
  db: Kysely<Tables>;
  /** The tools served; the built-in catalog unless a test injects its own. */
  registry?: ToolRegistry;
  /** ExecuteTool's implementation (src/modules/tools/execute); without it ExecuteTool answers Unimplemented. */
  execute?: (req: ExecuteToolRequest, ctx: CallContext) => Promise<MessageInitShape<typeof ExecuteToolResponseSchema>>;
}

// Write RPCs land with custom tools; until then a clear refusal, not Unimplemented's "not implemented".
const customToolsUnavailable = () =>
  new DomainError('failed_precondition', 'custom tools are not available yet: Latchkey serves its built-in tools only (list them with ListTools)', {
    reason: 'CUSTOM_TOOLS_UNAVAILABLE',
  });

export function toolService(deps: ToolServiceDeps) {
  const { db } = deps;
  const registry = deps.registry ?? builtinToolRegistry();
  const toProto = (t: RegisteredTool): MessageInitShape<typeof ToolSchema> => {
    const v = toolView(t, registry);
    return { id: v.id, provider: v.provider, definition: v.definition as never, metadata: v.metadata, tags: v.tags, isDefault: v.isDefault, updatedAt: ts(v.updatedAt) };
  };
  const refuse = async (): Promise<never> => {
    throw customToolsUnavailable();
  };

  return bind(ToolService, {
    async listTools(req, ctx) {
      const f = req.filter;
      const page = await listTools(db, registry, ctx.principal.environmentId, {
        provider: f?.provider,
        toolNames: f?.toolName,
        query: f?.query,
        identifier: f?.identifier,
        connector: f?.connector,
        connectedAccountId: f?.connectedAccountId,
        organizationId: f?.organizationId,
        userId: f?.userId,
        pageSize: req.pageSize,
        pageToken: req.pageToken,
      });
      const paging = { nextPageToken: page.nextPageToken, prevPageToken: page.prevPageToken, totalSize: page.totalSize };
      // summary: names only, for a cheap look at what exists.
      if (f?.summary) return { ...paging, toolNames: page.items.map((t) => t.name) };
      return { ...paging, tools: page.items.map(toProto) };
    },
    async listScopedTools(req, ctx) {
      const page = await listScopedTools(db, registry, ctx.principal.environmentId, {
        identifier: req.identifier,
        filter: req.filter && { providers: req.filter.providers, toolNames: req.filter.toolNames, connectionNames: req.filter.connectionNames },
        pageSize: req.pageSize,
        pageToken: req.pageToken,
      });
      return {
        nextPageToken: page.nextPageToken,
        prevPageToken: page.prevPageToken,
        totalSize: page.totalSize,
        tools: page.items.map((i) => ({ tool: toProto(i.tool), identifier: i.identifier, connectedAccountId: i.connectedAccountId })),
      };
    },
    async listAvailableTools(req, ctx) {
      const page = await listAvailableTools(db, registry, ctx.principal.environmentId, { identifier: req.identifier, pageSize: req.pageSize, pageToken: req.pageToken });
      return { nextPageToken: page.nextPageToken, prevPageToken: page.prevPageToken, totalSize: page.totalSize, tools: page.items.map(toProto) };
    },
    ...(deps.execute ? { executeTool: deps.execute } : {}),
    createTool: refuse,
    updateTool: refuse,
    deleteTool: refuse,
    setToolDefault: refuse,
  });
}
