import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { FieldViolation } from '../../errors/domain-error.js';
import { fieldOfPointer } from '../modifiers/describe-ajv-error.js';

// The same dialect and formats ExecuteTool validates params with (steps/validate-params.ts).
const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);

/**
 * Problems that would keep `schema` from validating anything: invalid against the JSON Schema
 * 2020-12 meta-schema (named by path, `input_schema.properties.email.type`), or not compilable
 * (an unresolvable `$ref`, a regex that does not parse).
 */
export function jsonSchemaViolations(field: string, schema: Record<string, unknown>): FieldViolation[] {
  let valid: boolean;
  try {
    valid = ajv.validateSchema(schema) as boolean;
  } catch (err) {
    return [{ field, description: `is not a usable JSON Schema: ${(err as Error).message}` }];
  }
  if (!valid) {
    return (ajv.errors ?? []).slice(0, 10).map((e) => ({ field: fieldOfPointer(field, e.instancePath), description: `is not valid JSON Schema: ${e.message ?? 'invalid'}` }));
  }
  try {
    ajv.compile(schema);
    ajv.removeSchema(schema);
    return [];
  } catch (err) {
    return [{ field, description: `does not compile as JSON Schema 2020-12: ${(err as Error).message.slice(0, 200)}` }];
  }
}
