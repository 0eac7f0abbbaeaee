import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { Mailer } from '../email/mailer.js';
import type { OutgoingEmail } from '../email/outbox.js';
import { renderTemplate, UnknownTemplateVariable } from '../email/render-template.js';
import { templateOf } from '../email/templates.js';
import { DomainError, invalidArgument } from '../errors/domain-error.js';
import { passwordlessTemplateName } from './passwordless-templates.js';
import type { PasswordlessTemplate, PasswordlessType } from './passwordless-types.js';

export interface PasswordlessEmail {
  envId: string;
  to: string;
  template: PasswordlessTemplate;
  type: PasswordlessType;
  otp: string | undefined;
  link: string | undefined;
  expiresIn: number;
  expiresAt: Date;
  appVariables: Record<string, string>;
}

/** "5 minutes", "1 hour", "90 seconds": the largest whole unit. */
export function describeDuration(seconds: number): string {
  const [n, unit] = seconds % 3600 === 0 ? [seconds / 3600, 'hour'] : seconds % 60 === 0 ? [seconds / 60, 'minute'] : [seconds, 'second'];
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

/**
 * The environment's text for this intent and type, rendered; a variable the text uses and the
 * request did not send is InvalidArgument naming it (checked before anything is stored or counted).
 */
export async function renderPasswordlessMail(db: Kysely<Tables>, e: PasswordlessEmail): Promise<OutgoingEmail> {
  const name = passwordlessTemplateName(e.template, e.type);
  const t = await templateOf(db, e.envId, name);
  const expiry = { expiry_time: describeDuration(e.expiresIn), expiry_time_relative: `in ${describeDuration(e.expiresIn)}`, expire_time: e.expiresAt.toISOString() };
  // Reserved names are refused on input, so the app's variables cannot shadow these.
  const vars = { ...e.appVariables, ...expiry, otp: e.otp ?? '', link: e.link ?? '' };
  // The subject is stored unsealed with the outbox entry: it never carries the code or the link.
  const subjectVars = { ...vars, otp: 'your code', link: 'the link in this email' };
  let rendered: { subject: string; text: string; html: string };
  try {
    rendered = {
      subject: renderTemplate(t.subject, subjectVars, 'text').replace(/[\r\n]+/g, ' '),
      text: renderTemplate(t.text, vars, 'text'),
      html: renderTemplate(t.html, vars, 'html'),
    };
  } catch (err) {
    if (err instanceof UnknownTemplateVariable) throw invalidArgument(`template_variables.${err.variable}`, `is required: this environment's ${name} email uses {{${err.variable}}}`);
    throw err;
  }
  return { environmentId: e.envId, to: e.to, template: name, ...rendered };
}

/** Hands the email to the mailer; Unavailable when the SMTP server refused it (the request stays, a resend may follow). */
export async function deliver(mailer: Mailer, email: OutgoingEmail): Promise<void> {
  const sent = await mailer.send(email);
  if (sent.status === 'failed') throw new DomainError('unavailable', `the passwordless email could not be sent (${sent.error}); try again later`, { reason: 'EMAIL_NOT_SENT' });
}
