import type { JsonValue } from '../declarative/declarative-format.js';
import type { OperationRef, Schema } from './openapi-types.js';
import type { InputLimits, InputParts } from './input-parts.js';
import { addParameters } from './operation-parameters.js';
import { addRequestBody } from './request-body-input.js';

/** What the operation's input becomes: the tool's input_schema and the request templates over it. */
export interface OperationInput {
  schema: Schema;
  path: string;
  query?: Record<string, JsonValue>;
  headers?: Record<string, string>;
  body?: JsonValue;
  notes: string[];
}

/**
 * The input of an operation: path, query and header parameters, then the JSON request body,
 * as one strict object schema (unknown fields refused) and the templates that fill the request.
 */
export function operationInput(ref: OperationRef, limits: InputLimits): OperationInput {
  const parts: InputParts = { properties: {}, required: [], notes: [], limits };
  const { path, query, headers } = addParameters(ref, parts);
  const body = addRequestBody(ref, parts);
  const { properties, required, notes } = parts;
  const schema: Schema = { type: 'object', properties, ...(required.length ? { required: [...new Set(required)] } : {}), additionalProperties: false };
  return { schema, path, notes, ...(Object.keys(query).length ? { query } : {}), ...(Object.keys(headers).length ? { headers } : {}), ...(body !== undefined ? { body } : {}) };
}
