import { invalidArgument } from '../../errors/domain-error.js';

/** The same bound as a connected account's identifier (create-account.ts). */
const MAX_IDENTIFIER_LENGTH = 255;

/** The identifier an MCP token acts as: trimmed, present, at most 255 characters, no control characters. */
export function checkIdentifier(raw: unknown): string {
  const identifier = typeof raw === 'string' ? raw.trim() : '';
  if (!identifier) throw invalidArgument('identifier', "is required: the connected-account identifier to act as (the user's id or email in your app)");
  if (identifier.length > MAX_IDENTIFIER_LENGTH) throw invalidArgument('identifier', `must be at most ${MAX_IDENTIFIER_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(identifier)) throw invalidArgument('identifier', 'must not contain control characters');
  return identifier;
}
