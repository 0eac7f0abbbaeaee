import { fieldPath, type PathStep } from '../modifiers/field-path.js';
import { applyPostRules } from '../modifiers/apply-post-rules.js';
import { isJsonObject } from '../modifiers/json-values.js';
import type { DeclarativeOutput } from './declarative-format.js';

/** The value at a field path; a `name[]` step maps over the list found there (missing items left out). */
export function readPath(value: unknown, steps: PathStep[]): unknown {
  let v = value;
  for (let i = 0; i < steps.length; i++) {
    if (!isJsonObject(v) || !Object.hasOwn(v, steps[i].key)) return undefined;
    v = v[steps[i].key];
    if (steps[i].each) {
      if (!Array.isArray(v)) return undefined;
      const rest = steps.slice(i + 1);
      return v.map((item) => (rest.length ? readPath(item, rest) : item)).filter((x) => x !== undefined);
    }
  }
  return v;
}

function shapeOne(value: unknown, out: DeclarativeOutput): unknown {
  if (out.select) {
    const result: Record<string, unknown> = {};
    for (const [key, path] of Object.entries(out.select)) {
      const v = readPath(value, fieldPath(path));
      if (v !== undefined) Object.defineProperty(result, key, { value: v, enumerable: true, writable: true, configurable: true });
    }
    return result;
  }
  if (out.pick) return applyPostRules({ keep: out.pick, drop: [], max_string_length: null, max_array_items: null }, value);
  return value;
}

/**
 * The provider's answer as the tool's output: `from`, then `select` or `pick` (on each item of a
 * list). An empty answer is `{}` and one that is not an object `{"result": …}`, as ExecuteTool
 * sends it, so the output_schema describes what the caller receives.
 */
export function shapeOutput(body: unknown, out: DeclarativeOutput | undefined): unknown {
  if (body === undefined || body === '' || body === null) return {};
  let v = out?.from ? readPath(body, fieldPath(out.from)) : body;
  if (out && (out.select || out.pick)) v = Array.isArray(v) ? v.map((item) => shapeOne(item, out)) : shapeOne(v, out);
  if (v === undefined || v === null) return {};
  return isJsonObject(v) ? v : { result: v };
}
