import { FlowError, providerErrorCode } from '../flow-error.js';

/** A provider's free text, made safe to show: printable, one line, at most 200 characters. */
const clean = (s: string | undefined) => (s ?? '').replace(/[^\x20-\x7e]+/g, ' ').trim().slice(0, 200);

/**
 * check_callback_error — RFC 6749 §4.1.2.1: the provider answered with `error` instead of a code.
 * `access_denied` means the person declined; anything else is the provider's problem or setup.
 */
export function checkCallbackError(query: Record<string, string | undefined>, providerName: string): void {
  const error = query.error;
  if (error === undefined) {
    if (!query.code) throw new FlowError('invalid_request', `${providerName} did not send an authorization code`, 'Nothing was connected. Start again from the link the app gave you.', 400);
    return;
  }
  const code = providerErrorCode(error);
  if (code === 'access_denied') {
    throw new FlowError('access_denied', 'Access was not granted', `You declined to give access to ${providerName}, so nothing was connected. To try again, ask the app for a new link.`, 400);
  }
  const said = clean(query.error_description);
  const shownCode = /^[A-Za-z0-9_.-]{1,64}$/.test(error) ? error : 'unknown error';
  throw new FlowError(
    code,
    `${providerName} could not complete the sign-in`,
    `${providerName} answered "${shownCode}"${said ? `: ${said}` : ''}. Nothing was connected. Try again with a new link; if it keeps failing, tell the app's administrator.`,
    400,
  );
}
