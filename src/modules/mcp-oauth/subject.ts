/**
 * The subject (oidc-provider accountId) of an MCP OAuth grant: the connected-account identifier
 * and the environment it belongs to, so a token can never be read in another environment.
 * Environment ids carry no ':'; identifiers may, so the first ':' splits.
 */
export interface McpSubject {
  envId: string;
  identifier: string;
}

export const subjectId = (s: McpSubject): string => `${s.envId}:${s.identifier}`;

export function parseSubjectId(accountId: string): McpSubject | undefined {
  const i = accountId.indexOf(':');
  if (i <= 0 || i === accountId.length - 1) return undefined;
  return { envId: accountId.slice(0, i), identifier: accountId.slice(i + 1) };
}
