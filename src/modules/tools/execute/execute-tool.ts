import type { Kysely } from 'kysely';
import type { Logger } from '../../../logging/logger.js';
import type { Tables } from '../../../storage/schema.js';
import type { JsonObject } from '@bufbuild/protobuf';
import { newId } from '../../../storage/ids.js';
import { DomainError, invalidArgument } from '../../errors/domain-error.js';
import { versionOf, type RegisteredTool, type ToolRegistry } from '../registry/tool-registry.js';
import { findTool } from '../registry/find-tool.js';
import { accountToolsOf } from '../registry/account-tool-source.js';
import { codeToolCaller, type CodeToolCaller } from '../custom/code-tool-caller.js';
import { nestedCall, runCodeToolStep, type CodeToolParent } from '../custom/run-code-tool-step.js';
import type { OutboundFetcher } from '../../egress/outbound-fetch.js';
import { checkToolScope, deprecationWarning } from '../custom/tool-scope.js';
import { modifiersFor } from '../modifiers/apply-modifiers.js';
import type { ToolExecutionEntry } from '../records/execution-writer.js';
import { connectionTimeoutOf, resolveAccount, type AccountAddress, type ResolvedAccount } from './steps/resolve-account.js';
import type { ResolvedAccounts } from './resolved-accounts.js';
import { checkActive } from './steps/check-active.js';
import { validateModifiedParams, validateParams } from './steps/validate-params.js';
import { runTool } from './steps/run-tool.js';
import type { ToolUpstream } from './tool-run-context.js';
import { outputData } from './output-data.js';

/** What ExecuteTool needs from the rest of the server (wired in app.ts). */
export interface ToolExecutionDeps {
  db: Kysely<Tables>;
  tools: ToolRegistry;
  upstream: ToolUpstream;
  records: { record(e: ToolExecutionEntry): void };
  /** Cached account resolution (a warm call reads no database); without it every call reads. */
  accounts?: ResolvedAccounts;
  /** The egress guard's fetch, for a code tool's `context.utils.httpRequest`. */
  outbound?: OutboundFetcher;
}

export interface ExecuteToolCall extends AccountAddress {
  envId: string;
  toolName: string;
  params: JsonObject | undefined;
  /** Milliseconds left on the caller's deadline (`grpc-timeout`), when it sent one. */
  callerRemainingMs?: number;
  /** Aborted when the caller goes away. */
  signal?: AbortSignal;
  /** Set for a call a code tool's `context.tools.execute` made: its depth and the tree's host-call budget. */
  codeToolParent?: CodeToolParent;
}

export interface ExecuteToolResult {
  data: JsonObject;
  executionId: string;
}

const unknownTool = (name: string) =>
  new DomainError('not_found', `tool '${name}' does not exist; list the available tools with tools.listTools`, { reason: 'TOOL_NOT_FOUND' });

/**
 * ExecuteTool, as named steps: resolve the account → check it is ACTIVE → validate params against
 * input_schema → pre modifiers → run (through the proxy's machinery, under the deadline) → post
 * modifiers → record. Every execution is recorded and logged with its tool, id, outcome and
 * duration only: never its input, output or a credential.
 */
export async function executeTool(deps: ToolExecutionDeps, call: ExecuteToolCall, log: Logger): Promise<ExecuteToolResult> {
  const started = performance.now();
  const executionId = newId('exe');
  let tool: RegisteredTool | undefined;
  let account: ResolvedAccount | undefined;
  // Set for a code tool, which runs for the caller's identifier on no account of its own.
  let code: CodeToolCaller | undefined;
  let errorCode: string | null = null;
  try {
    if (!call.toolName.trim()) throw invalidArgument('tool_name', 'is required: the name of the tool to run (tools.listTools lists them)');
    // A name nothing else knows may be an account's own tool (an MCP connector's, account-tool-source.ts).
    tool = (await findTool(deps.db, deps.tools, call.envId, call.toolName.trim())) ?? (await accountToolsOf(deps.tools)?.find(call.envId, call.toolName.trim(), call, executionId));
    if (!tool) throw unknownTool(call.toolName);
    const spec = tool.spec;
    if (tool.custom?.kind === 'code') {
      code = await codeToolCaller(deps.db, call.envId, tool, call);
      account = code.account;
    } else {
      const address = tool.connectionName && !call.connectedAccountId ? { ...call, connector: tool.connectionName } : call;
      account = await (deps.accounts ? deps.accounts.resolve(call.envId, spec.definition, address) : resolveAccount(deps.db, call.envId, spec.definition, address));
      checkActive(account);
      checkToolScope(tool, account);
    }
    const params = call.params ?? {};
    validateParams(spec, params);
    const modifiers = await modifiersFor(deps.db, call.envId, tool.name, account?.connection.id ?? null);
    const input = modifiers.pre(params);
    if (input !== params) validateModifiedParams(spec, input);
    const caller = code;
    const output = caller
      ? await runCodeToolStep({ db: deps.db, envId: call.envId, tool, input, caller, parent: call.codeToolParent, executionId, callerRemainingMs: call.callerRemainingMs, signal: call.signal, outbound: deps.outbound,
          executeNested: (n, ctx) => executeTool(deps, nestedCall(call, caller, n, ctx), log).then((r) => r.data) })
      : await runTool(deps.upstream, spec, input, {
          envId: call.envId,
          connectionName: account!.connection.connection_name,
          identifier: account!.row.identifier,
          connectionTimeoutMs: connectionTimeoutOf(account!.connection),
          callerRemainingMs: call.callerRemainingMs,
          signal: call.signal,
          executionId,
          log,
        });
    const data = outputData(modifiers.post(output));
    return { data, executionId };
  } catch (err) {
    errorCode = err instanceof DomainError ? (err.toolErrorInfo?.toolErrorCode ?? err.reason) : 'INTERNAL';
    throw err;
  } finally {
    const ms = performance.now() - started;
    const outcome = errorCode === null ? 'success' : 'error';
    deps.records.record({
      id: executionId,
      environment_id: call.envId,
      tool_name: (tool?.name ?? call.toolName).slice(0, 200),
      tool_version: tool ? versionOf(tool) : null,
      connection_id: account?.connection.id ?? null,
      connection_name: account?.connection.connection_name ?? null,
      account_id: account?.row.id ?? null,
      identifier: account?.row.identifier ?? code?.identifier ?? null,
      duration_ms: ms,
      outcome,
      error_code: errorCode,
      warning: tool ? deprecationWarning(tool) : null,
    });
    log.info({ tool: tool?.name ?? call.toolName.slice(0, 200), executionId, outcome, ms: Math.round(ms), error: errorCode ?? undefined }, 'tool executed');
  }
}
