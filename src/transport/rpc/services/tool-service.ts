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
import { environmentToolRegistry } from '../../../modules/tools/registry/environment-registry.js';
import { toolView } from '../../../modules/tools/registry/tool-view.js';
import { listTools } from '../../../modules/tools/registry/list-tools.js';
import { listScopedTools } from '../../../modules/tools/registry/list-scoped-tools.js';
import { listAvailableTools } from '../../../modules/tools/registry/list-available-tools.js';
import { createCustomTool, updateCustomTool } from '../../../modules/tools/custom/register-custom-tool.js';
import { deleteCustomToolById, setDefaultCustomTool } from '../../../modules/tools/custom/custom-tool-versions.js';
import { registeredCustomTool } from '../../../modules/tools/custom/registered-custom-tool.js';
import type { CustomTool } from '../../../modules/tools/custom/custom-tool.js';
import { bind, type CallContext } from '../rpc-types.js';
import { ts } from '../timestamps.js';
import { toolBodyOf } from './tool-body.js';

export interface ToolServiceDeps {
  db: Kysely<Tables>;
  /** The built-in tools served; the catalog unless a test injects its own. Each environment adds its custom tools. */
  registry?: ToolRegistry;
  /** ExecuteTool's implementation (src/modules/tools/execute); without it ExecuteTool answers Unimplemented. */
  execute?: (req: ExecuteToolRequest, ctx: CallContext) => Promise<MessageInitShape<typeof ExecuteToolResponseSchema>>;
}

const builtinRefused = (what: string) =>
  new DomainError('failed_precondition', `${what} is a built-in tool: it has one version and cannot be changed or deleted (register a custom tool with CreateTool)`, { reason: 'TOOL_IS_BUILTIN' });

export function toolService(deps: ToolServiceDeps) {
  const { db } = deps;
  const base = deps.registry ?? builtinToolRegistry();
  const toProto = (t: RegisteredTool): MessageInitShape<typeof ToolSchema> => {
    const v = toolView(t, base);
    return { id: v.id, provider: v.provider, definition: v.definition as never, metadata: v.metadata as never, tags: v.tags, isDefault: v.isDefault, updatedAt: ts(v.updatedAt) };
  };
  const customProto = (t: CustomTool) => ({ tool: toProto(registeredCustomTool(t)) });
  const registryOf = (ctx: CallContext) => environmentToolRegistry(db, base, ctx.principal.environmentId);

  return bind(ToolService, {
    async listTools(req, ctx) {
      const f = req.filter;
      const page = await listTools(db, await registryOf(ctx), ctx.principal.environmentId, {
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
      // summary: names only, for a cheap look at what exists (a name once, whatever its versions).
      if (f?.summary) return { ...paging, toolNames: [...new Set(page.items.map((t) => t.name))] };
      return { ...paging, tools: page.items.map(toProto) };
    },
    async listScopedTools(req, ctx) {
      const page = await listScopedTools(db, await registryOf(ctx), ctx.principal.environmentId, {
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
      const page = await listAvailableTools(db, await registryOf(ctx), ctx.principal.environmentId, { identifier: req.identifier, pageSize: req.pageSize, pageToken: req.pageToken });
      return { nextPageToken: page.nextPageToken, prevPageToken: page.prevPageToken, totalSize: page.totalSize, tools: page.items.map(toProto) };
    },
    ...(deps.execute ? { executeTool: deps.execute } : {}),
    async createTool(req, ctx) {
      return customProto(await createCustomTool(db, base, ctx.principal.environmentId, toolBodyOf(req.tool)));
    },
    async updateTool(req, ctx) {
      if (req.tool?.id && base.all.some((t) => t.id === req.tool!.id)) throw builtinRefused(`tool ${req.tool.id}`);
      return customProto(await updateCustomTool(db, ctx.principal.environmentId, req.tool?.id ?? '', toolBodyOf(req.tool)));
    },
    async deleteTool(req, ctx) {
      if (base.all.some((t) => t.id === req.id)) throw builtinRefused(`tool ${req.id}`);
      await deleteCustomToolById(db, ctx.principal.environmentId, req.id);
      return {};
    },
    async setToolDefault(req, ctx) {
      if (base.byName(req.name.trim())) throw builtinRefused(`'${req.name.trim()}'`);
      return customProto(await setDefaultCustomTool(db, ctx.principal.environmentId, { name: req.name, toolVersion: req.toolVersion, schemaVersion: req.schemaVersion || undefined }));
    },
  });
}
