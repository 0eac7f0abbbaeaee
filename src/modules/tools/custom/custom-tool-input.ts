import type { FieldViolation } from '../../errors/domain-error.js';
import type { JsonSchema, ToolAnnotations, ToolDefinition } from '../definition/tool-spec.js';
import { CODE_TOOL_PROVIDER } from './custom-tool-info.js';
import { GENERIC_NAME_RULE, LIMITS, NAME_PATTERN, NAME_RULE, VERSION_PATTERN, VERSION_RULE, isGenericToolName } from './custom-tool-rules.js';

/** A custom tool version as registered: the seed's body (`POST /v1/connect/tools/custom`), parsed. */
export interface CustomToolInput {
  definition: ToolDefinition;
  kind: 'code' | 'declarative';
  /** The function's source text (code) or the request template (declarative). */
  implementation: string | Record<string, unknown>;
  toolVersion: string;
  schemaVersion: string;
  organizationId: string | null;
  connectionName: string | null;
  /** Unset: a new version becomes the default (the seed registers v2, then deprecates v1). */
  isDefault: boolean | undefined;
  /** Unset: code tools claim nothing, declarative ones take their method's (declarative-tool-spec.ts). */
  annotations: ToolAnnotations | undefined;
  metadata: Record<string, unknown>;
  tags: string[];
}

const KNOWN = new Set([
  'name', 'display_name', 'description', 'category', 'provider', 'input_schema', 'output_schema', 'implementation',
  'version', 'tool_version', 'schema_version', 'organization_id', 'connection_name', 'is_default', 'annotations', 'metadata', 'tags',
]);

/** What a GET answers besides the body: ignored, so an answer can be edited and registered again. */
const SERVER_SET = new Set(['id', 'kind', 'deprecated', 'deprecated_at', 'created_at', 'updated_at']);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads every field of the body, collecting each problem with its path so one round trip fixes
 * them all; returns the input only when there were none. Schemas and implementation are checked
 * deeper by validate-custom-tool.ts.
 */
export function parseCustomToolBody(body: unknown, out: FieldViolation[]): CustomToolInput | undefined {
  if (!isObject(body)) {
    out.push({ field: 'body', description: 'must be a JSON object: the tool definition (name, description, provider, input_schema, implementation, …)' });
    return undefined;
  }
  for (const k of Object.keys(body)) if (!KNOWN.has(k) && !SERVER_SET.has(k)) out.push({ field: k, description: 'is not a recognised field of a custom tool' });
  const text = (field: string, opts: { required?: boolean; max: number; fallback?: string }): string => {
    const v = body[field];
    if (v === undefined || v === null || v === '') {
      if (opts.required) out.push({ field, description: 'is required' });
      return opts.fallback ?? '';
    }
    if (typeof v !== 'string') return out.push({ field, description: 'must be a string' }), '';
    if (v.length > opts.max) out.push({ field, description: `must be at most ${opts.max} characters` });
    return v;
  };
  const name = text('name', { required: true, max: 64 });
  if (name && !NAME_PATTERN.test(name)) out.push({ field: 'name', description: NAME_RULE });
  else if (name && isGenericToolName(name)) out.push({ field: 'name', description: GENERIC_NAME_RULE });
  const provider = text('provider', { required: true, max: 64 }).trim().toLowerCase();
  const version = (field: string, value: string) => {
    if (value && !VERSION_PATTERN.test(value)) out.push({ field, description: VERSION_RULE });
    return value;
  };
  const v1 = version('version', text('version', { max: 64 }));
  const v2 = version('tool_version', text('tool_version', { max: 64 }));
  if (v1 && v2 && v1 !== v2) out.push({ field: 'tool_version', description: `differs from version ('${v1}'); give one of them` });

  const schema = (field: string, required: boolean): JsonSchema => {
    const v = body[field];
    if (v === undefined || v === null) {
      if (required) out.push({ field, description: 'is required: a JSON Schema (type object) of the tool input' });
      return { type: 'object' };
    }
    if (!isObject(v)) return out.push({ field, description: 'must be a JSON Schema object' }), { type: 'object' };
    if (JSON.stringify(v).length > LIMITS.schemaBytes) out.push({ field, description: `must be at most ${LIMITS.schemaBytes} bytes of JSON` });
    return v;
  };
  const inputSchema = schema('input_schema', true);
  if (isObject(body.input_schema) && inputSchema.type !== 'object') out.push({ field: 'input_schema.type', description: "must be 'object': a tool takes named parameters" });

  const impl = body.implementation;
  let kind: CustomToolInput['kind'] = 'code';
  if (typeof impl === 'string') {
    if (!impl.trim()) out.push({ field: 'implementation', description: 'is required' });
    if (impl.length > LIMITS.sourceChars) out.push({ field: 'implementation', description: `must be at most ${LIMITS.sourceChars} characters` });
    if (provider && provider !== CODE_TOOL_PROVIDER) out.push({ field: 'provider', description: `must be '${CODE_TOOL_PROVIDER}' for a code tool (implementation is function source); a declarative tool's implementation is a request template object` });
  } else if (isObject(impl)) {
    kind = 'declarative';
    if (provider === CODE_TOOL_PROVIDER) out.push({ field: 'provider', description: `must name the provider whose connection the request goes to (such as github) for a declarative tool; '${CODE_TOOL_PROVIDER}' is for code tools` });
  } else {
    out.push({ field: 'implementation', description: impl === undefined ? 'is required: the function source text (a code tool) or a request template object (a declarative tool)' : "must be the function's source text (a code tool) or a request template object (a declarative tool)" });
  }

  const flag = (field: string, v: unknown): boolean | undefined => {
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'boolean') return out.push({ field, description: 'must be true or false' }), undefined;
    return v;
  };
  const ann = body.annotations;
  if (ann !== undefined && ann !== null && !isObject(ann)) out.push({ field: 'annotations', description: 'must be an object: {read_only, destructive, idempotent}' });
  const a = isObject(ann) ? ann : {};
  for (const k of Object.keys(a)) if (!['read_only', 'destructive', 'idempotent'].includes(k)) out.push({ field: `annotations.${k}`, description: 'is not a recognised annotation (read_only, destructive, idempotent)' });

  const metadata = body.metadata;
  if (metadata !== undefined && !isObject(metadata)) out.push({ field: 'metadata', description: 'must be an object' });
  else if (metadata !== undefined && JSON.stringify(metadata).length > LIMITS.metadataBytes) out.push({ field: 'metadata', description: `must be at most ${LIMITS.metadataBytes} bytes of JSON` });
  const tags = body.tags;
  if (tags !== undefined && !(Array.isArray(tags) && tags.length <= LIMITS.tags && tags.every((t) => typeof t === 'string' && t.length > 0 && t.length <= 64))) {
    out.push({ field: 'tags', description: `must be a list of at most ${LIMITS.tags} strings of 1 to 64 characters` });
  }
  const category = text('category', { max: 64, fallback: 'custom' });
  const input: CustomToolInput = {
    definition: {
      name,
      display_name: text('display_name', { max: 200, fallback: name }),
      description: text('description', { required: true, max: LIMITS.descriptionChars }),
      provider,
      category,
      input_schema: inputSchema,
      output_schema: schema('output_schema', false),
    },
    kind,
    implementation: (impl ?? '') as CustomToolInput['implementation'],
    toolVersion: v2 || v1 || '1.0.0',
    schemaVersion: version('schema_version', text('schema_version', { max: 64 })) || '1.0.0',
    organizationId: text('organization_id', { max: 255 }) || null,
    connectionName: text('connection_name', { max: 64 }) || null,
    isDefault: flag('is_default', body.is_default),
    annotations: isObject(ann)
      ? { readOnly: flag('annotations.read_only', a.read_only) ?? false, destructive: flag('annotations.destructive', a.destructive) ?? false, idempotent: flag('annotations.idempotent', a.idempotent) ?? false }
      : undefined,
    metadata: isObject(metadata) ? metadata : {},
    tags: Array.isArray(tags) ? (tags as string[]) : [category],
  };
  return out.length ? undefined : input;
}
