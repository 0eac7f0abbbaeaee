import type { JsonSchema } from '../definition/tool-spec.js';
import type { PathStep } from './field-path.js';
import { isJsonObject } from './json-values.js';

/** The schema a path leads to (undefined: the schema does not say, anything goes), or why the path does not fit. */
export type SchemaAt = { schema: JsonSchema | undefined } | { problem: string };

export const typesOf = (s: JsonSchema | undefined): string[] | undefined =>
  s === undefined ? undefined : typeof s.type === 'string' ? [s.type] : Array.isArray(s.type) ? (s.type as string[]) : undefined;

/** The child schema of `key`, 'absent' when the schema lists its fields and `key` is not one. */
function childSchema(schema: JsonSchema, key: string): JsonSchema | undefined | 'absent' {
  const props = isJsonObject(schema.properties) ? (schema.properties as Record<string, JsonSchema>) : undefined;
  if (props && Object.hasOwn(props, key)) return props[key];
  if (isJsonObject(schema.additionalProperties)) return schema.additionalProperties as JsonSchema;
  // A tool's declared fields are all it has: an undeclared one is a typo, whatever additionalProperties says.
  if (props || schema.additionalProperties === false) return 'absent';
  return undefined;
}

/**
 * Follows `steps` through a tool's input or output schema (`what` names it in problems: "an input
 * parameter of gmail_fetch_mails"). A `[]` step needs an array; a plain step may not go on into one.
 */
export function schemaAtPath(root: JsonSchema, steps: readonly PathStep[], what: string): SchemaAt {
  let cur: JsonSchema | undefined = root;
  let at = '';
  for (const [i, step] of steps.entries()) {
    if (cur === undefined) return { schema: undefined };
    const child = childSchema(cur, step.key);
    const here = at ? `${at}.${step.key}` : step.key;
    if (child === 'absent') {
      const known = Object.keys(cur.properties as object);
      return { problem: `names '${here}', which is not ${what}${known.length ? ` (there: ${known.join(', ')})` : ''}` };
    }
    const types = typesOf(child);
    if (step.each) {
      if (types && !types.includes('array')) return { problem: `names '${here}[]', but ${here} is not a list; remove the []` };
      cur = child && isJsonObject(child.items) ? (child.items as JsonSchema) : undefined;
      at = `${here}[]`;
    } else {
      if (i < steps.length - 1 && types?.includes('array') && !types.includes('object')) {
        return { problem: `names '${here}.${steps.slice(i + 1).map((s) => s.key).join('.')}', but ${here} is a list: write ${here}[] to reach into its items` };
      }
      cur = child;
      at = here;
    }
  }
  return { schema: cur };
}
