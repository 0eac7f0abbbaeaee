import { Ajv, type ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { invalidArgument, invalidFields, type FieldViolation } from '../../errors/domain-error.js';
import type { JsonSchema, ToolSpec } from '../definition/tool-spec.js';
import { describeAjvError } from './describe-ajv-error.js';
import { parseFieldPath, type PathStep } from './field-path.js';
import { isJsonObject } from './json-values.js';
import type { ModifierRule, PostRule, PreRule } from './modifier-rule.js';
import { MAX_VALUE_JSON, modifierBodySchema } from './rule-schema.js';
import { schemaAtPath, typesOf } from './schema-at-path.js';

let bodyValidator: ValidateFunction | undefined;
const validateBody = () => (bodyValidator ??= new Ajv({ allErrors: true, strict: true, allowUnionTypes: true }).compile(modifierBodySchema));
// Tool schemas are JSON Schema 2020-12; only set-time checks compile their parts, never the execution path.
const toolSchemas = new Ajv2020({ allErrors: true, strict: false });

/** Why `value` does not fit the parameter's schema, in ajv's words, or undefined when it fits (or cannot be checked). */
function valueProblem(schema: JsonSchema, value: unknown): string | undefined {
  let check: ValidateFunction;
  try {
    check = toolSchemas.compile(schema);
  } catch {
    return undefined; // e.g. a $ref into the root's $defs: the pipeline's input validation still checks the result
  }
  if (check(value)) return undefined;
  const first = describeAjvError(check.errors![0], 'value');
  return `${first.field} ${first.description}`.replace(/^value /, '');
}

/** True when every step of the path is required by its parent: a valid input always carries it. */
function alwaysSent(root: JsonSchema, steps: readonly PathStep[]): boolean {
  return steps.every((step, i) => {
    const parent = i === 0 ? { schema: root } : schemaAtPath(root, steps.slice(0, i), '');
    return 'schema' in parent && Array.isArray(parent.schema?.required) && (parent.schema.required as string[]).includes(step.key);
  });
}

function checkPre(rule: PreRule, i: number, spec: ToolSpec, out: FieldViolation[]): void {
  const field = `pre[${i}]`;
  const steps = parseFieldPath(rule.path);
  if (typeof steps === 'string') return void out.push({ field: `${field}.path`, description: steps });
  if (steps.some((s) => s.each)) {
    return void out.push({ field: `${field}.path`, description: 'must name one input parameter (dotted keys, no []): a pre rule never steps into an array; append adds items to one' });
  }
  const name = spec.definition.name;
  const at = schemaAtPath(spec.definition.input_schema, steps, `an input parameter of ${name}`);
  if ('problem' in at) return void out.push({ field: `${field}.path`, description: at.problem });
  // The caller's input is validated before the rules apply, so a parameter required all the way down is always there.
  if (rule.op === 'default' && alwaysSent(spec.definition.input_schema, steps)) {
    return void out.push({ field: `${field}.op`, description: `default never applies: ${name} requires ${rule.path} of every caller; use set to replace what they send` });
  }
  if (JSON.stringify(rule.value ?? null).length > MAX_VALUE_JSON) return void out.push({ field: `${field}.value`, description: `must be at most ${MAX_VALUE_JSON} characters of JSON` });
  if (!at.schema) return;
  const types = typesOf(at.schema);
  if (rule.op === 'append') {
    if (types && !types.includes('string') && !types.includes('array')) {
      return void out.push({ field: `${field}.op`, description: `append joins strings and extends lists, but ${rule.path} is ${types.join(' or ')}: use set or default` });
    }
    if (types?.includes('array') && !types.includes('string')) {
      const items = isJsonObject(at.schema.items) ? (at.schema.items as JsonSchema) : {};
      (Array.isArray(rule.value) ? rule.value : [rule.value]).forEach((item, j) => {
        const problem = valueProblem(items, item);
        if (problem) out.push({ field: `${field}.value${Array.isArray(rule.value) ? `[${j}]` : ''}`, description: `${problem} (an item of ${name}'s ${rule.path})` });
      });
      return;
    }
    if (types?.includes('string') && typeof rule.value !== 'string') return void out.push({ field: `${field}.value`, description: `must be a string to append to ${rule.path}` });
    return;
  }
  const problem = valueProblem(at.schema, rule.value);
  if (problem) out.push({ field: `${field}.value`, description: `${problem} (as ${name}'s ${rule.path})` });
}

/** keep/drop paths: well formed, present in the output schema, one shape per field across the list. */
function checkPostPaths(list: string[], field: string, spec: ToolSpec, out: FieldViolation[]): void {
  const shapes = new Map<string, boolean>();
  list.forEach((path, i) => {
    const steps = parseFieldPath(path);
    if (typeof steps === 'string') return void out.push({ field: `${field}[${i}]`, description: steps });
    const at = schemaAtPath(spec.definition.output_schema, steps, `a field of ${spec.definition.name}'s output`);
    if ('problem' in at) return void out.push({ field: `${field}[${i}]`, description: at.problem });
    steps.forEach((s: PathStep, j) => {
      const prefix = steps.slice(0, j + 1).map((x) => x.key).join('.');
      const seen = shapes.get(prefix);
      // The last step may name a list whole (`messages`) while another path goes into it (`messages[].id`).
      if (seen !== undefined && seen !== s.each && j < steps.length - 1) {
        out.push({ field: `${field}[${i}]`, description: `uses ${prefix} ${s.each ? 'as a list' : 'as an object'}, another path the other way; write ${prefix}[] for a list` });
      }
      if (j < steps.length - 1 || s.each) shapes.set(prefix, s.each);
    });
  });
}

/**
 * A modifier body checked against the tool it is for: structure (ajv), then paths and values
 * against the tool's input and output schemas. Every problem is reported at once, each naming its
 * field (`pre[0].op must be one of set, default, append`). Returns the rule in its stored form.
 */
export function validateModifierRule(body: unknown, spec: ToolSpec): ModifierRule {
  if (!isJsonObject(body)) throw invalidArgument('body', 'must be a JSON object such as {"pre": [{"op": "append", "path": "query", "value": "is:unread"}]}');
  const validate = validateBody();
  if (!validate(body)) throw invalidFields(validate.errors!.map((e) => describeAjvError(e)));
  const b = body as { pre?: PreRule[]; post?: Partial<PostRule> | null };
  const post: PostRule = {
    keep: b.post?.keep ?? null,
    drop: b.post?.drop ?? [],
    max_string_length: b.post?.max_string_length ?? null,
    max_array_items: b.post?.max_array_items ?? null,
  };
  const pre = (b.pre ?? []).map((r) => ({ op: r.op, path: r.path, value: r.value }));
  const violations: FieldViolation[] = [];
  pre.forEach((r, i) => checkPre(r, i, spec, violations));
  if (post.keep) checkPostPaths(post.keep, 'post.keep', spec, violations);
  checkPostPaths(post.drop, 'post.drop', spec, violations);
  if (violations.length) throw invalidFields(violations);
  if (!pre.length && post.keep === null && !post.drop.length && post.max_string_length === null && post.max_array_items === null) {
    throw invalidArgument('body', 'has no rule: give pre rules, a post rule, or both (to remove a modifier, DELETE it)');
  }
  return { pre, post };
}
