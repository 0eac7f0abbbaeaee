import { randomUUID } from 'node:crypto';
import { inputRequired, UrlElicitationRequiredError, type InputRequiredResult } from '@modelcontextprotocol/server';
import { DomainError } from '../../errors/domain-error.js';
import type { McpCaller } from '../auth/mcp-caller.js';
import { authorizationPrompt } from '../tools/authorization-prompt.js';
import type { EndpointTool } from '../tools/endpoint-tools.js';
import { errorResult, type ToolCallResult } from '../tools/tool-call-result.js';
import type { ElicitationTier } from './elicitation-tier.js';
import type { McpProtocolDeps } from './mcp-protocol-deps.js';

/** The key of our one embedded input request; the retry's inputResponses carry the user's answer under it. */
export const AUTHORIZE_INPUT = 'authorize';

/**
 * Answers a call whose account is missing or not ACTIVE with a fresh authorization link, in the
 * form the client understands (elicitation-tier.ts). A retry after the elicitation that still
 * finds no ACTIVE account says so in text instead of asking again (no loop).
 */
export async function answerAuthorization(
  deps: McpProtocolDeps,
  caller: McpCaller,
  tool: EndpointTool,
  tier: ElicitationTier,
  retried: { action?: unknown } | undefined,
): Promise<ToolCallResult | InputRequiredResult> {
  let prompt;
  try {
    prompt = await authorizationPrompt(deps.execution.db, deps.publicUrl, caller, tool);
  } catch (err) {
    if (err instanceof DomainError) return errorResult(`${tool.mcpName} needs a connected ${tool.tool.provider} account, but no authorization link can be issued: ${err.message}`);
    throw err;
  }
  if (retried) {
    const why = retried.action === 'accept' ? 'the account is not connected yet' : 'the user did not open the authorization link';
    return errorResult(`${why}. ${prompt.message}`);
  }
  if (tier === 'elicit') return inputRequired({ inputRequests: { [AUTHORIZE_INPUT]: inputRequired.elicitUrl({ message: prompt.message, url: prompt.url }) } });
  if (tier === 'error') throw new UrlElicitationRequiredError([{ mode: 'url', elicitationId: randomUUID(), url: prompt.url, message: prompt.message }], prompt.message);
  return errorResult(prompt.message);
}
