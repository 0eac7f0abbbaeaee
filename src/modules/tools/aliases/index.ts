export { TOOL_ALIASES } from './alias-table.js';
export { resolveAlias, type NestedToolCall, type ResolvedAlias } from './resolve-alias.js';
export type { AliasTarget, ToolAlias } from './alias-spec.js';
