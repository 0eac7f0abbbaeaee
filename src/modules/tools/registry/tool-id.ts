import { createHash } from 'node:crypto';

/**
 * A built-in tool's `Tool.id`: `tol_` + a short hash of `name@version`, so the id is the same on
 * every server and every start, and changes when the definition's version does.
 */
export function builtinToolId(name: string, version: string): string {
  return 'tol_' + createHash('sha256').update(`${name}@${version}`).digest('hex').slice(0, 20);
}
