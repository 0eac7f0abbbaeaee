import { CLIENT_CAPABILITIES_META_KEY, type ClientCapabilities, type ServerContext } from '@modelcontextprotocol/server';

/**
 * How a call that needs the user to authorize an account is answered, by what the client can do:
 * - `elicit`: the client declared URL-mode elicitation: an `input_required` URL elicitation on
 *   2026-07-28 (the SDK's legacy shim sends it as `elicitation/create` on 2025-11-25 sessions);
 * - `error`: a 2025-11-25 client without it: error -32042 (URL elicitation required), which
 *   carries the link. The 2026-07-28 wire has no -32042 (the SDK refuses to send one there);
 * - `text`: everyone else (2026-07-28 without the capability, revisions before 2025-11-25): a
 *   tool result whose text tells the user where to go.
 */
export type ElicitationTier = 'elicit' | 'error' | 'text';

const URL_ELICITATION_REVISION = '2025-11-25';

export function elicitationTier(era: 'legacy' | 'modern', ctx: ServerContext, legacy: { capabilities?: ClientCapabilities; protocolVersion?: string }): ElicitationTier {
  // The envelope's type is left open by the SDK; on 2026-07-28 it carries the request's own client capabilities.
  const envelope = ctx.mcpReq.envelope as Record<string, unknown> | undefined;
  const caps = era === 'modern' ? ((envelope?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined) ?? legacy.capabilities) : legacy.capabilities;
  if (caps?.elicitation?.url) return 'elicit';
  // Protocol revisions are dates: from 2025-11-25 on, the 2025 era knows -32042.
  if (era === 'legacy' && (legacy.protocolVersion ?? '') >= URL_ELICITATION_REVISION) return 'error';
  return 'text';
}
