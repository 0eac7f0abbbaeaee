import { ToolFailure } from '../../definition/tool-spec.js';

/**
 * Slack's Web API answers most failures as HTTP 200 with `{"ok": false, "error": code}`. These
 * helpers turn that into a ToolFailure a model can act on, and give auth codes the HTTP status
 * the runtime maps to the right gRPC code (401/403/429) instead of a generic internal error.
 */
const AUTH_CODES = new Set(['not_authed', 'invalid_auth', 'token_revoked', 'token_expired', 'account_inactive']);
const FORBIDDEN_CODES = new Set(['missing_scope', 'not_allowed_token_type', 'restricted_action', 'no_permission']);

const HINTS: Record<string, string> = {
  channel_not_found: 'no such channel, or the user cannot see it; list channels to get a valid id',
  not_in_channel: 'the user is not a member of that channel',
  is_archived: 'the channel is archived',
  msg_too_long: 'the message text is too long',
  no_text: 'the message has no text',
  user_not_found: 'no such user id in this workspace',
  message_not_found: 'no message with that timestamp in that channel',
  thread_not_found: 'no thread with that timestamp in that channel',
  already_reacted: 'the user already added that reaction',
  invalid_name: 'unknown emoji name',
  name_taken: 'a channel with that name already exists',
  invalid_name_specials: 'channel names may only use lowercase letters, digits, hyphens and underscores',
  missing_scope: 'the connected account lacks a required Slack scope; re-authorize with it',
  not_allowed_token_type: 'this method needs a user token (xoxp-), not a bot token',
  ratelimited: 'Slack rate limit reached; retry later',
};

export function slackOk<T>(body: T): T {
  const { ok, error: raw, needed } = (body && typeof body === 'object' ? body : {}) as { ok?: unknown; error?: unknown; needed?: unknown };
  if (ok === true) return body;
  // Only a well-formed code reaches the message: the raw payload is never passed through.
  const code = typeof raw === 'string' && /^[a-z0-9_]{1,64}$/.test(raw) ? raw : 'unknown_error';
  let hint = HINTS[code] ?? (AUTH_CODES.has(code) ? 'the Slack credential is invalid or revoked; re-authorize the account' : 'Slack refused the call');
  if (code === 'missing_scope' && typeof needed === 'string' && /^[a-z:._,]{1,200}$/.test(needed)) hint += ` (needs ${needed})`;
  const status = AUTH_CODES.has(code) ? 401 : FORBIDDEN_CODES.has(code) ? 403 : code === 'ratelimited' ? 429 : 200;
  throw new ToolFailure(`Slack error ${code}: ${hint}`, status, code);
}

/** Slack signals the last page with an empty or missing `response_metadata.next_cursor`. */
export function nextCursor(body: unknown): string | null {
  return (body as { response_metadata?: { next_cursor?: string } }).response_metadata?.next_cursor || null;
}
