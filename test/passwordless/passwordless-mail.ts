import { eventually } from '../helpers/test-utils.js';
import { decodeQuotedPrintable, type ReceivedEmail } from '../users/smtp-fake.js';

/** The `n`-th email (1-based) the SMTP fake received for `to`, decoded. */
export async function nthMailTo(received: ReceivedEmail[], to: string, n = 1): Promise<string> {
  const mail = await eventually(async () => received.filter((r) => r.to.includes(to))[n - 1]);
  return decodeQuotedPrintable(mail.raw);
}

/** The six-digit code in an email's text part. */
export function codeIn(body: string): string {
  const m = /code to (?:sign in|finish signing up) is (\d{6})/.exec(body);
  if (!m) throw new Error('no one-time code in the email');
  return m[1];
}

/** The magic link in an email's text part, and its link_token. */
export function linkIn(body: string): { link: string; token: string } {
  const m = /(https?:\/\/[^\s"<>]+[?&]link_token=([A-Za-z0-9_-]{43}))/.exec(body);
  if (!m) throw new Error('no magic link in the email');
  return { link: m[1], token: m[2] };
}

/** The Subject header. */
export const subjectOf = (body: string): string => /^Subject: (.*)$/m.exec(body)?.[1] ?? '';
