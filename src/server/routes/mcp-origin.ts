/**
 * Browsers send Origin; an MCP endpoint reached from a page of another site (DNS rebinding, a
 * cross-site form) must refuse it. No Origin is a non-browser client and passes; a present one
 * must equal an allowed origin exactly (scheme, host and port). The opaque `null` never passes.
 */
export function originAllowed(origin: string | string[] | undefined, allowed: readonly string[]): boolean {
  if (origin === undefined || origin === '') return true;
  if (Array.isArray(origin)) return false;
  let parsed: string;
  try {
    parsed = new URL(origin).origin;
  } catch {
    return false;
  }
  return parsed !== 'null' && allowed.includes(parsed);
}
