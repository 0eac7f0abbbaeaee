/** One leaf that differs between two definitions. */
export interface DefinitionChange {
  path: string;
  from: unknown;
  to: unknown;
}

/** Leaf-by-leaf differences between two JSON values, with paths like `auth_patterns[0].fields[1].label`. */
export function diffJson(a: unknown, b: unknown, path = ''): DefinitionChange[] {
  if (JSON.stringify(a) === JSON.stringify(b)) return [];
  const isObj = (v: unknown) => v !== null && typeof v === 'object';
  if (Array.isArray(a) && Array.isArray(b)) {
    const out: DefinitionChange[] = [];
    for (let i = 0; i < Math.max(a.length, b.length); i++) out.push(...diffJson(a[i], b[i], `${path}[${i}]`));
    return out;
  }
  if (isObj(a) && isObj(b) && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = [...new Set([...Object.keys(a as object), ...Object.keys(b as object)])].sort();
    return keys.flatMap((k) => diffJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k));
  }
  return [{ path: path || '(root)', from: a, to: b }];
}
