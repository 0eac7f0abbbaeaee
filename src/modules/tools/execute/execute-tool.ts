import type { Kysely } from 'kysely';
import type { Logger } from '../../../logging/logger.js';
import type { Tables } from '../../../storage/schema.js';
import type { JsonObject } from '@bufbuild/protobuf';
import { newId } from '../../../storage/ids.js';
import { connectionFromRow } from '../../connections/connection.js';
import { DomainError, invalidArgument } from '../../errors/domain-error.js';
import type { ToolRegistry } from '../registry/tool-registry.js';
import { modifiersFor } from '../modifiers/apply-modifiers.js';
import type { ToolExecutionEntry } from '../records/execution-writer.js';
import { resolveAccount, type AccountAddress, type ResolvedAccount } from './steps/resolve-account.js';
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
}

export interface ExecuteToolCall extends AccountAddress {
  envId: string;
  toolName: string;
  params: JsonObject | undefined;
  /** Milliseconds left on the caller's deadline (`grpc-timeout`), when it sent one. */
  callerRemainingMs?: number;
  /** Aborted when the caller goes away. */
  signal?: AbortSignal;
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
  const tool = deps.tools.byName(call.toolName.trim());
  let account: ResolvedAccount | undefined;
  let errorCode: string | null = null;
  try {
    if (!call.toolName.trim()) throw invalidArgument('tool_name', 'is required: the name of the tool to run (tools.listTools lists them)');
    if (!tool) throw unknownTool(call.toolName);
    const spec = tool.spec;
    account = await resolveAccount(deps.db, call.envId, spec.definition, call);
    checkActive(account);
    const params = call.params ?? {};
    validateParams(spec, params);
    const modifiers = await modifiersFor(deps.db, call.envId, tool.name, account.connection.id);
    const input = modifiers.pre(params);
    if (input !== params) validateModifiedParams(spec, input);
    const output = await runTool(deps.upstream, spec, input, {
      envId: call.envId,
      connectionName: account.connection.connection_name,
      identifier: account.row.identifier,
      connectionTimeoutMs: connectionFromRow(account.connection).timeoutMs,
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
      tool_version: tool?.spec.version ?? null,
      connection_id: account?.connection.id ?? null,
      connection_name: account?.connection.connection_name ?? null,
      account_id: account?.row.id ?? null,
      identifier: account?.row.identifier ?? null,
      duration_ms: ms,
      outcome,
      error_code: errorCode,
    });
    log.info({ tool: tool?.name ?? call.toolName.slice(0, 200), executionId, outcome, ms: Math.round(ms), error: errorCode ?? undefined }, 'tool executed');
  }
}
