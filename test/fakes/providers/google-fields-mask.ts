/**
 * Google's `fields` system parameter (a partial-response mask such as
 * `nextPageToken,files(id,name),properties(title)` or `sheets.properties(title)`), applied the
 * way Google does: only the named fields come back, so a fake shows a tool that forgot to ask.
 */
type Mask = Map<string, Mask | null>;

function parse(text: string): Mask {
  const mask: Mask = new Map();
  let i = 0;
  const readList = (into: Mask, closing: boolean) => {
    while (i < text.length) {
      const name = /^[\w.\/]+/.exec(text.slice(i))?.[0] ?? '';
      if (!name) throw new Error(`bad fields mask at ${i}`);
      i += name.length;
      // `a.b` and `a/b` are the same as `a(b)`.
      const path = name.split(/[./]/);
      let node = into;
      for (const key of path.slice(0, -1)) {
        const next = node.get(key) ?? new Map();
        node.set(key, next);
        node = next;
      }
      const last = path[path.length - 1];
      if (text[i] === '(') {
        i++;
        const sub = node.get(last) ?? new Map();
        node.set(last, sub);
        readList(sub, true);
      } else node.set(last, null);
      if (text[i] === ',') { i++; continue; }
      if (text[i] === ')' && closing) { i++; return; }
      if (i >= text.length) return;
      throw new Error(`bad fields mask at ${i}`);
    }
  };
  readList(mask, false);
  return mask;
}

function project(value: unknown, mask: Mask): unknown {
  if (Array.isArray(value)) return value.map((v) => project(v, mask));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, sub] of mask) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) out[key] = sub ? project(v, sub) : v;
  }
  return out;
}

/** The resource as Google would answer it for this `fields` value; whole when there is none; undefined for a malformed mask. */
export function applyFieldsMask<T>(resource: T, fields: string | string[] | undefined): unknown {
  if (fields === undefined || fields === '*') return resource;
  try {
    return project(resource, parse(String(fields)));
  } catch {
    return undefined;
  }
}
