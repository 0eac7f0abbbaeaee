import { FlowError } from '../flow-error.js';

/**
 * check_issuer — RFC 9207 §2.4 mix-up defence, adapted: provider definitions name no issuer, so
 * when the response carries `iss` its origin must be the origin of the authorize endpoint this
 * request was sent to (true of every provider we know that sends `iss`). Absent `iss`, the
 * request-specific `state` alone ties the response to the provider.
 */
export function checkIssuer(iss: string | undefined, authorizeUrl: string, providerName: string): void {
  if (iss === undefined) return;
  let origin: string | undefined;
  try {
    origin = new URL(iss).origin;
  } catch {
    origin = undefined;
  }
  if (origin !== new URL(authorizeUrl).origin) {
    throw new FlowError(
      'invalid_request',
      'The sign-in response came from an unexpected server',
      `It did not come from ${providerName}, so nothing was connected. Start again from the link the app gave you.`,
      400,
    );
  }
}
