import { DomainError } from '../../errors/domain-error.js';
import type { RegisteredTool } from '../registry/tool-registry.js';
import type { ToolScope } from './custom-tool-info.js';

/** Who a listing or an execution is for: the organizations and connections of the caller's accounts. */
export interface CallerScope {
  organizationIds: ReadonlySet<string>;
  connectionIds: ReadonlySet<string>;
}

export const callerOf = (accounts: Array<{ organizationId: string | null; connectionId: string }>, extraOrganization?: string | null): CallerScope => ({
  organizationIds: new Set([...accounts.map((a) => a.organizationId).filter((o): o is string => !!o), ...(extraOrganization ? [extraOrganization] : [])]),
  connectionIds: new Set(accounts.map((a) => a.connectionId)),
});

/**
 * The scope rule (README: Custom tools → Scope): a tool narrowed to an organization is for callers
 * with an account in it; one narrowed to a connection, for callers with an account on it. Built-in
 * and environment-wide tools are for everyone.
 */
export function inScope(scope: ToolScope | undefined, caller: CallerScope): boolean {
  if (!scope) return true;
  if (scope.organizationId && !caller.organizationIds.has(scope.organizationId)) return false;
  if (scope.connectionId && !caller.connectionIds.has(scope.connectionId)) return false;
  return true;
}

export const toolInScope = (tool: RegisteredTool, caller: CallerScope): boolean => inScope(tool.custom?.scope, caller);

/** Said when an execution's account (or identifier) is outside the tool's scope. */
export function outOfScope(tool: RegisteredTool): DomainError {
  const s = tool.custom!.scope;
  const where = [s.organizationId && `organization ${s.organizationId}`, s.connectionName && `connection ${s.connectionName}`].filter(Boolean).join(' and ');
  return new DomainError('failed_precondition', `tool '${tool.name}' is scoped to ${where}; run it for a connected account there`, { reason: 'TOOL_OUT_OF_SCOPE' });
}

/** A declarative tool runs only as an account inside its scope. */
export function checkToolScope(tool: RegisteredTool, account: { row: { organization_id: string | null }; connection: { id: string } }): void {
  if (!toolInScope(tool, callerOf([{ organizationId: account.row.organization_id, connectionId: account.connection.id }]))) throw outOfScope(tool);
}

/** What the execution record says of a deprecated version: it still runs, and whoever reads the record learns to move on. */
export function deprecationWarning(tool: RegisteredTool): string | null {
  const c = tool.custom;
  if (!c?.deprecated) return null;
  return `version ${c.toolVersion} of tool '${tool.name}' is deprecated; run the default version instead`;
}
