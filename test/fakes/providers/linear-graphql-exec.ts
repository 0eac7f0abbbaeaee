/**
 * Just enough GraphQL for the Linear fake: parses one operation (fields, aliases, arguments,
 * variables; no fragments or directives), resolves root fields, and answers only the fields asked
 * for. A field the sample objects do not have is a validation error, as on the real server, so a
 * tool asking for a field Linear does not have fails its test.
 */

export interface Field { name: string; alias: string; args: Record<string, unknown>; selection?: Field[] }
export interface Operation { kind: 'query' | 'mutation'; name?: string; variables: Record<string, string>; selection: Field[] }
export class GraphqlValidationError extends Error {}

const TOKEN = /\s+|,|#[^\n]*|("(?:\\.|[^"\\])*")|(-?\d+(?:\.\d+)?)|([_A-Za-z][_0-9A-Za-z]*)|(\.\.\.|[{}():!$[\]=@])/y;
type Tok = { kind: 'str' | 'num' | 'name' | 'punct'; value: string };

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < src.length) {
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(src);
    if (!m) throw new GraphqlValidationError(`Syntax Error: Unexpected character "${src[at]}".`);
    if (m[1]) out.push({ kind: 'str', value: JSON.parse(m[1]) });
    else if (m[2]) out.push({ kind: 'num', value: m[2] });
    else if (m[3]) out.push({ kind: 'name', value: m[3] });
    else if (m[4]) out.push({ kind: 'punct', value: m[4] });
  }
  return out;
}

export function parseOperation(src: string): Operation {
  const toks = tokenize(src);
  let i = 0;
  const peek = () => toks[i];
  const next = () => {
    const t = toks[i++];
    if (!t) throw new GraphqlValidationError('Syntax Error: Unexpected <EOF>.');
    return t;
  };
  const expect = (value: string) => {
    const t = next();
    if (t.value !== value) throw new GraphqlValidationError(`Syntax Error: Expected "${value}", found "${t.value}".`);
  };
  const value = (): unknown => {
    const t = next();
    if (t.value === '$' && t.kind === 'punct') return { $var: next().value };
    if (t.kind === 'str') return t.value;
    if (t.kind === 'num') return Number(t.value);
    if (t.kind === 'name') return t.value === 'true' ? true : t.value === 'false' ? false : t.value === 'null' ? null : t.value;
    if (t.value === '[') { const arr = []; while (peek()?.value !== ']') arr.push(value()); next(); return arr; }
    if (t.value === '{') { const obj: Record<string, unknown> = {}; while (peek()?.value !== '}') { const k = next().value; expect(':'); obj[k] = value(); } next(); return obj; }
    throw new GraphqlValidationError(`Syntax Error: Unexpected "${t.value}".`);
  };
  const selectionSet = (): Field[] => {
    expect('{');
    const fields: Field[] = [];
    while (peek()?.value !== '}') {
      let name = next().value;
      let alias = name;
      if (peek()?.value === ':') { next(); name = next().value; }
      const args: Record<string, unknown> = {};
      if (peek()?.value === '(') { next(); while (peek()?.value !== ')') { const k = next().value; expect(':'); args[k] = value(); } next(); }
      fields.push({ name, alias, args, selection: peek()?.value === '{' ? selectionSet() : undefined });
    }
    next();
    return fields;
  };
  const kind = next().value;
  if (kind !== 'query' && kind !== 'mutation') throw new GraphqlValidationError(`Syntax Error: Unexpected Name "${kind}".`);
  const name = peek()?.kind === 'name' ? next().value : undefined;
  const variables: Record<string, string> = {};
  if (peek()?.value === '(') {
    next();
    while (peek()?.value !== ')') {
      expect('$');
      const v = next().value;
      expect(':');
      let type = '';
      while (peek() && !(peek()!.value === '$' || peek()!.value === ')')) type += next().value;
      variables[v] = type;
    }
    next();
  }
  const selection = selectionSet();
  if (i !== toks.length) throw new GraphqlValidationError('Syntax Error: Unexpected token after the operation.');
  return { kind, name, variables, selection };
}

/** Replaces `$name` references by the request's variables; an undeclared one is an error, as in GraphQL. */
export function bindArgs(args: unknown, op: Operation, vars: Record<string, unknown>): any {
  if (Array.isArray(args)) return args.map((a) => bindArgs(a, op, vars));
  if (args && typeof args === 'object') {
    const ref = (args as { $var?: string }).$var;
    if (ref !== undefined) {
      if (!(ref in op.variables)) throw new GraphqlValidationError(`Variable "$${ref}" is not defined by operation "${op.name ?? ''}".`);
      return vars[ref];
    }
    return Object.fromEntries(Object.entries(args).map(([k, v]) => [k, bindArgs(v, op, vars)]));
  }
  return args;
}

/** Answers the selected fields of `value`; objects carry `__typename` for error messages. */
export function project(value: any, selection: Field[] | undefined, path: string): any {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) return value.map((v) => project(v, selection, path));
  if (typeof value !== 'object') {
    if (selection) throw new GraphqlValidationError(`Field "${path}" must not have a selection since its type has no subfields.`);
    return value;
  }
  if (!selection) throw new GraphqlValidationError(`Field "${path}" of type "${value.__typename}" must have a selection of subfields.`);
  const out: Record<string, unknown> = {};
  for (const f of selection) {
    if (f.name === '__typename') { out[f.alias] = value.__typename; continue; }
    if (!(f.name in value) || f.name.startsWith('_')) throw new GraphqlValidationError(`Cannot query field "${f.name}" on type "${value.__typename}".`);
    out[f.alias] = project(value[f.name], f.selection, f.name);
  }
  return out;
}
