import type { Schema } from './openapi-types.js';
import { trimSchema } from './trim-schema.js';

export interface InputLimits {
  depth: number;
  descMax: number;
}

/** The input being assembled from an operation's parameters and body. */
export interface InputParts {
  properties: Record<string, Schema>;
  required: string[];
  notes: string[];
  limits: InputLimits;
}

/** Why an operation cannot be a declarative tool (reported, never mangled). */
export class NotImportable extends Error {}

/** A parameter name as an input property a placeholder can name: `filter[status]` → `filter_status`. */
export const inputName = (name: string): string => {
  const n = name.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+|_+$/g, '') || 'param';
  return /^[A-Za-z_]/.test(n) ? n : `_${n}`;
};

/** An input schema trimmed at the input's limits (input fields are never dropped). */
export const trimInput = (schema: unknown, limits: InputLimits): Schema => trimSchema(schema, { mode: 'input', depth: limits.depth, descMax: limits.descMax, maxProps: Infinity }) ?? {};
