/** `findPetsByStatus` → `find_pets_by_status`; `issues/list-for-repo` → `issues_list_for_repo`. */
export function snakeCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toLowerCase();
}

export const MAX_TOOL_NAME = 64;

/** `<prefix>_<operation>`, snake_case, starting with a letter, at most 64 characters. */
export function toolName(prefix: string, operationId: string | undefined, method: string, path: string): string {
  const op = snakeCase(operationId || `${method} ${path.replace(/[{}]/g, '')}`) || method.toLowerCase();
  const p = snakeCase(prefix);
  let name = p ? `${p}_${op}` : op;
  if (!/^[a-z]/.test(name)) name = `t_${name}`;
  return name.slice(0, MAX_TOOL_NAME).replace(/_+$/, '');
}

/** Names made unique in order: a repeat gets `_2`, `_3`… (the caller notes it). */
export function uniqueNames(names: string[]): string[] {
  const used = new Set<string>();
  return names.map((name) => {
    let candidate = name;
    for (let i = 2; used.has(candidate); i++) candidate = `${name.slice(0, MAX_TOOL_NAME - String(i).length - 1)}_${i}`;
    used.add(candidate);
    return candidate;
  });
}
