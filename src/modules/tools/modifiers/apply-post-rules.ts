import { fieldPath } from './field-path.js';
import { isJsonObject, type JsonObject } from './json-values.js';
import type { PostRule } from './modifier-rule.js';

/** The paths of a keep or drop list as a tree: `all` = the whole field; otherwise only `children`. */
interface PathNode {
  each: boolean;
  all: boolean;
  children: PathTree;
}
type PathTree = Map<string, PathNode>;

// Cached rules are the same objects for a while: build each list's tree once, not per execution.
const trees = new WeakMap<readonly string[], PathTree>();

export function pathTree(paths: readonly string[]): PathTree {
  const known = trees.get(paths);
  if (known) return known;
  const root: PathTree = new Map();
  for (const path of paths) {
    let level = root;
    const steps = fieldPath(path);
    steps.forEach((step, i) => {
      let node = level.get(step.key);
      if (!node) level.set(step.key, (node = { each: step.each, all: false, children: new Map() }));
      if (i === steps.length - 1) node.all = true;
      level = node.children;
    });
  }
  trees.set(paths, root);
  return root;
}

/** A `name[]` step matches arrays only, a plain one anything else: a path means one shape. */
const shapeMatches = (node: PathNode, v: unknown) => node.each === Array.isArray(v);

function keepIn(value: JsonObject, tree: PathTree): JsonObject {
  const out: JsonObject = {};
  for (const [key, node] of tree) {
    if (!Object.hasOwn(value, key)) continue;
    const v = value[key];
    if (node.all) {
      if (!node.each || Array.isArray(v)) out[key] = v;
    } else if (node.each) {
      if (Array.isArray(v)) out[key] = v.map((item) => (isJsonObject(item) ? keepIn(item, node.children) : item));
    } else if (isJsonObject(v)) out[key] = keepIn(v, node.children);
  }
  return out;
}

function dropFrom(value: JsonObject, tree: PathTree): JsonObject {
  const out: JsonObject = { ...value };
  for (const [key, node] of tree) {
    if (!Object.hasOwn(out, key)) continue;
    const v = out[key];
    if (node.all && (!node.each || Array.isArray(v))) delete out[key];
    else if (node.all || !shapeMatches(node, v)) continue;
    else if (Array.isArray(v)) out[key] = v.map((item) => (isJsonObject(item) ? dropFrom(item, node.children) : item));
    else if (isJsonObject(v)) out[key] = dropFrom(v, node.children);
  }
  return out;
}

function capString(value: string, max: number | null): string {
  if (max === null || value.length <= max) return value;
  // By code points, so an emoji is never cut in half.
  const chars = Array.from(value);
  return chars.length <= max ? value : chars.slice(0, max - 1).join('') + '…';
}

/** An own property even for a key such as `__proto__` (a provider's JSON may carry one). */
const setOwn = (o: object, k: string | number, v: unknown) => Object.defineProperty(o, k, { value: v, writable: true, enumerable: true, configurable: true });

/** A copy with every string and array capped, at any depth: iterative, since a provider's JSON may nest deeper than the stack. */
function cap(value: unknown, maxString: number | null, maxItems: number | null): unknown {
  const pending: Array<JsonObject | unknown[]> = [];
  const copy = (v: unknown): unknown => {
    if (typeof v === 'string') return capString(v, maxString);
    if (Array.isArray(v)) {
      const c = maxItems === null ? [...v] : v.slice(0, maxItems);
      pending.push(c);
      return c;
    }
    if (isJsonObject(v)) {
      const c: JsonObject = {};
      for (const k of Object.keys(v)) setOwn(c, k, v[k]);
      pending.push(c);
      return c;
    }
    return v;
  };
  const out = copy(value);
  for (let c = pending.pop(); c; c = pending.pop()) {
    if (Array.isArray(c)) for (let i = 0; i < c.length; i++) c[i] = copy(c[i]);
    else for (const k of Object.keys(c)) setOwn(c, k, copy(c[k]));
  }
  return out;
}

/**
 * The tool's output after the post rule: `keep` (when set) first, then `drop`, then the caps on
 * every string and array. Pure: `output` is not changed. keep/drop apply to an object output; caps to any.
 */
export function applyPostRules(rule: PostRule, output: unknown): unknown {
  let out = output;
  if (isJsonObject(out) && rule.keep !== null) out = keepIn(out, pathTree(rule.keep));
  if (isJsonObject(out) && rule.drop.length) out = dropFrom(out, pathTree(rule.drop));
  if (rule.max_string_length !== null || rule.max_array_items !== null) out = cap(out, rule.max_string_length, rule.max_array_items);
  return out;
}
