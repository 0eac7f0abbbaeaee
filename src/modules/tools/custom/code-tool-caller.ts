import type { Kysely } from 'kysely';
import type { Tables } from '../../../storage/schema.js';
import { findAccountRow } from '../../accounts/account-lookup.js';
import type { AccountAddress, ResolvedAccount } from '../execute/steps/resolve-account.js';
import type { RegisteredTool } from '../registry/tool-registry.js';
import { activeAccountsOf } from '../registry/scoped-accounts.js';
import { callerOf, toolInScope, outOfScope } from './tool-scope.js';

/** Who a code tool runs for: the identity its nested `context.tools.execute` calls use. */
export interface CodeToolCaller {
  identifier: string | undefined;
  /** The account the caller named (connected_account_id, or connector + identifier), if any. */
  account: ResolvedAccount | undefined;
}

/**
 * A code tool needs no account of its own. When the caller names one, it is found (and its
 * identifier used); otherwise the identifier is taken as given. A scoped code tool runs only for
 * a caller inside its scope: the named account, or one of the identifier's ACTIVE accounts, is in
 * its organization (or the caller names that organization) and on its connection.
 */
export async function codeToolCaller(db: Kysely<Tables>, envId: string, tool: RegisteredTool, a: AccountAddress): Promise<CodeToolCaller> {
  const id = a.connectedAccountId?.trim();
  const connector = a.connector?.trim();
  let identifier = a.identifier?.trim() || undefined;
  let account: ResolvedAccount | undefined;
  if (id || (connector && identifier)) {
    account = await findAccountRow(db, envId, id ? { id } : { connectionName: connector!, identifier: identifier!, organizationId: a.organizationId || undefined, userId: a.userId || undefined });
    identifier = account.row.identifier;
  }
  const scope = tool.custom?.scope;
  if (scope && (scope.organizationId || scope.connectionId)) {
    const accounts = account
      ? [{ organizationId: account.row.organization_id, connectionId: account.connection.id }]
      : identifier
        ? await activeAccountsOf(db, envId, identifier)
        : [];
    const inside = accounts.some((acc) => toolInScope(tool, callerOf([acc], a.organizationId?.trim() || null)));
    if (!inside && !(accounts.length === 0 && !scope.connectionId && a.organizationId?.trim() === scope.organizationId)) throw outOfScope(tool);
  }
  return { identifier, account };
}
