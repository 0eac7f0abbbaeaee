import type { Tool } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/tools/tools_pb.js';
import { invalidArgument } from '../../../modules/errors/domain-error.js';

/** Keys a caller may give in Tool.metadata instead of the definition (the seed's body has them at the top). */
const LIFTED = ['tool_version', 'schema_version', 'organization_id', 'connection_name', 'annotations'] as const;
/** What a listed Tool's metadata carries that the server sets: dropped, so a listed Tool can be sent back. */
const SERVER_SET = ['kind', 'custom', 'deprecated'];

/**
 * CreateTool / UpdateTool's `Tool` as the seed's REST body: `definition` holds its fields
 * (implementation included); `metadata` may carry tool_version, schema_version, scope and
 * annotations, and the caller's own keys; `provider`, `tags` and `is_default` fill in the rest.
 */
export function toolBodyOf(tool: Tool | undefined): Record<string, unknown> {
  if (!tool?.definition) throw invalidArgument('tool.definition', 'is required: the custom tool definition (name, description, provider, input_schema, implementation, …)');
  const body: Record<string, unknown> = { ...tool.definition };
  const meta: Record<string, unknown> = { ...(tool.metadata ?? {}) };
  if (meta.version !== undefined && body.version === undefined && body.tool_version === undefined && meta.tool_version === undefined) meta.tool_version = meta.version;
  delete meta.version;
  for (const key of LIFTED) {
    if (meta[key] === undefined) continue;
    if (body[key] !== undefined && JSON.stringify(body[key]) !== JSON.stringify(meta[key])) throw invalidArgument(`tool.metadata.${key}`, `differs from tool.definition.${key}; give it once`);
    body[key] = meta[key];
    delete meta[key];
  }
  for (const key of SERVER_SET) delete meta[key];
  if (Object.keys(meta).length) body.metadata = { ...(body.metadata as Record<string, unknown> | undefined), ...meta };
  if (tool.provider) {
    if (typeof body.provider === 'string' && body.provider.toLowerCase() !== tool.provider.toLowerCase()) throw invalidArgument('tool.provider', `is '${tool.provider}' but tool.definition.provider is '${body.provider}'`);
    body.provider ??= tool.provider.toLowerCase();
  }
  if (tool.tags.length) body.tags = tool.tags;
  if (tool.isDefault !== undefined) body.is_default = tool.isDefault;
  return body;
}
