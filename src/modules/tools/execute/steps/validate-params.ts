import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { DomainError, invalidFields } from '../../../errors/domain-error.js';
import type { ToolSpec } from '../../definition/tool-spec.js';
import { describeAjvError } from '../../modifiers/describe-ajv-error.js';

const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
/** Compiled once per spec: compiling costs far more than validating. */
const compiled = new WeakMap<ToolSpec, ValidateFunction>();

function validatorOf(spec: ToolSpec): ValidateFunction {
  let v = compiled.get(spec);
  if (!v) {
    v = ajv.compile(spec.definition.input_schema);
    compiled.set(spec, v);
  }
  return v;
}

/**
 * The caller's `params` against the tool's input_schema, before anything else runs: each
 * violation names the field (`params.max_results`) and what was expected, never the value sent,
 * so a model can correct its call.
 */
export function validateParams(spec: ToolSpec, params: unknown): void {
  const validate = validatorOf(spec);
  if (validate(params)) return;
  throw invalidFields((validate.errors ?? []).slice(0, 10).map((e) => describeAjvError(e, 'params')));
}

/** The input again after the environment's pre modifiers: a rule that breaks it is the environment's to fix, not the model's. */
export function validateModifiedParams(spec: ToolSpec, params: unknown): void {
  const validate = validatorOf(spec);
  if (validate(params)) return;
  const why = (validate.errors ?? []).slice(0, 5).map((e) => describeAjvError(e, 'params')).map((v) => `${v.field} ${v.description}`).join('; ');
  throw new DomainError('failed_precondition', `the pre modifiers of tool '${spec.definition.name}' make its input invalid (${why}); fix the tool's modifier`, { reason: 'TOOL_MODIFIER_INVALID_INPUT' });
}
