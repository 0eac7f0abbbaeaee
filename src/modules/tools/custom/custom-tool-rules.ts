import { MAX_SOURCE_CHARS } from '../sandbox/index.js';
import { TOOL_ALIASES } from '../aliases/alias-table.js';

/**
 * The documented rules of a custom tool definition (README: Custom tools). Names are snake_case
 * so they read the same in every SDK and MCP client, and never hold `@`, which names a version.
 */
export const NAME_PATTERN = /^[a-z][a-z0-9_]{2,63}$/;
export const NAME_RULE = 'must be 3 to 64 characters: a lowercase letter, then lowercase letters, digits or _ (such as send_welcome_email)';

/** context.tools.execute resolves the generic names (aliases/) before tool names: a custom tool by one could never be called from code. */
export const isGenericToolName = (name: string): boolean => TOOL_ALIASES.has(name);
export const GENERIC_NAME_RULE = `is a generic tool name that context.tools.execute resolves to a catalog tool (${[...TOOL_ALIASES.keys()].join(', ')}); pick another name`;

/** Semantic versions (`1.0.0`, `2.1.0-beta.1`). */
export const VERSION_PATTERN = /^\d{1,9}\.\d{1,9}\.\d{1,9}(?:-[0-9A-Za-z.-]{1,40})?$/;
export const VERSION_RULE = 'must be a semantic version such as 1.0.0 or 2.1.0-beta.1';

export const LIMITS = Object.freeze({
  descriptionChars: 1024,
  /** Each of input_schema and output_schema, as JSON. */
  schemaBytes: 32 * 1024,
  /** A code tool's source text (the sandbox's own bound). */
  sourceChars: MAX_SOURCE_CHARS,
  metadataBytes: 4096,
  tags: 20,
});
