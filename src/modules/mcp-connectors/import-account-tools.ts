import type { ToolAccount } from '../tools/registry/account-tool-source.js';
import type { RegisteredTool } from '../tools/registry/tool-registry.js';
import { toolRunContext, type ToolUpstream } from '../tools/execute/tool-run-context.js';
import type { AccountSessionState } from './call-upstream-tool.js';
import { importedToolOnce } from './imported-tool.js';
import { sessionFailure } from './upstream-errors.js';
import { withUpstreamSession } from './upstream-session.js';

/** An import waits this long for the upstream (a listing asks several accounts at once). */
export const IMPORT_TIMEOUT_MS = 15_000;

/**
 * The account's tools from the upstream: `tools/list` with the account's credential, every page
 * (the client follows nextCursor), each turned into a registry entry in name order. Tools whose
 * schemas do not compile are left out, and so are names that repeat.
 */
export async function importAccountTools(upstream: ToolUpstream, envId: string, account: ToolAccount, state: AccountSessionState): Promise<RegisteredTool[]> {
  const deadline = Date.now() + IMPORT_TIMEOUT_MS;
  const ctx = toolRunContext(upstream, {
    envId,
    connectionName: account.connectionName,
    identifier: account.identifier,
    signal: AbortSignal.timeout(IMPORT_TIMEOUT_MS),
    remainingMs: () => deadline - Date.now(),
  });
  let listed;
  try {
    const session = await withUpstreamSession(ctx, state.sessionOptions(), async (client) => (await client.listTools()).tools);
    state.remember(session.prior);
    listed = session.value;
  } catch (err) {
    throw sessionFailure(err);
  }
  const byName = new Map<string, RegisteredTool>();
  for (const t of listed) {
    const r = importedToolOnce(envId, t, account, state);
    if (r && !byName.has(r.name)) byName.set(r.name, r);
  }
  return [...byName.values()].sort((x, y) => (x.name < y.name ? -1 : 1));
}
