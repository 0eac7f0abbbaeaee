import { invalidFields, type FieldViolation } from '../../errors/domain-error.js';
import { checkCodeTool } from '../sandbox/index.js';
import { validateDeclarative } from '../declarative/index.js';
import { jsonSchemaViolations } from './check-json-schema.js';
import { parseCustomToolBody, type CustomToolInput } from './custom-tool-input.js';

const underImplementation = (path: string) => (path === 'implementation' || path.startsWith('implementation.') || path.startsWith('implementation[') ? path : path ? `implementation.${path}` : 'implementation');

/**
 * The checks that need no database: every field, both schemas compile (JSON Schema 2020-12), and
 * the implementation compiles (code, in the sandbox) or is a valid request template (declarative).
 * invalid_argument lists every problem with its path.
 */
export function validateCustomTool(body: unknown): CustomToolInput {
  const out: FieldViolation[] = [];
  const input = parseCustomToolBody(body, out);
  if (!input) throw invalidFields(out.slice(0, 20));
  out.push(...jsonSchemaViolations('input_schema', input.definition.input_schema));
  out.push(...jsonSchemaViolations('output_schema', input.definition.output_schema));
  if (input.kind === 'code') {
    const problem = checkCodeTool(input.implementation as string);
    if (problem) out.push({ field: 'implementation', description: problem });
  } else {
    for (const v of validateDeclarative(input.implementation, input.definition)) out.push({ field: underImplementation(v.path), description: v.message });
  }
  if (out.length) throw invalidFields(out.slice(0, 20));
  return input;
}
