import type { ScalekitClient } from '@scalekit-sdk/node';
import type { ToolDescriptor } from './scoped-tools.js';
import { asServerError, type ServerError } from './server-error.js';
import type { ToolOutcome } from './tool-outcome.js';

/** How links are issued for accounts that need (re)authorizing. */
export interface LinkOptions {
  /** The connection to create a missing account on; defaults to the filter's only connection name. */
  connectionName?: string;
  /** Where Scalekit/Latchkey redirects after consent, for custom user verification. */
  userVerifyUrl?: string;
  /** Handed back on that redirect (the app's CSRF value). */
  state?: string;
}

/** `CONNECTED_ACCOUNT_EXPIRED` → "is EXPIRED"; a missing account "has not been connected yet". */
function statusPhrase(reason: string): string {
  const status = reason.replace(/^CONNECTED_ACCOUNT_/, '');
  if (status === 'NOT_FOUND') return 'has not been connected yet';
  if (status === 'NO_CREDENTIALS') return 'has no credentials yet';
  return `is ${status}, not ACTIVE`;
}

/**
 * A fresh authorization link for the tool's account, as a result the model can hand to the
 * user. An existing account is named by id; a missing one by connection name and identifier
 * (the server creates it pending). A link that cannot be issued still yields a readable result.
 */
export async function notConnectedOutcome(scalekit: ScalekitClient, tool: ToolDescriptor, refusal: ServerError, opts: LinkOptions): Promise<ToolOutcome> {
  const missing = refusal.reason === 'CONNECTED_ACCOUNT_NOT_FOUND';
  const account = !missing && tool.connectedAccountId ? { connectedAccountId: tool.connectedAccountId } : opts.connectionName ? { connectionName: opts.connectionName, identifier: tool.identifier } : undefined;
  const what = `The user's account for ${tool.name} ${statusPhrase(refusal.reason)}`;
  if (!account) return { status: 'not_connected', message: `${what}; the app must send them an authorization link to connect it.` };
  try {
    const { link } = await scalekit.actions.getAuthorizationLink({ ...account, userVerifyUrl: opts.userVerifyUrl, state: opts.state });
    return { status: 'not_connected', authorizationLink: link, message: `${what}. Ask the user to open this link to connect it, then try again: ${link}` };
  } catch (err) {
    const why = asServerError(err);
    if (!why) throw err;
    return { status: 'not_connected', message: `${what}, and no authorization link could be issued (${why.message}).` };
  }
}
