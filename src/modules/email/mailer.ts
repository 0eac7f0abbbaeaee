import nodemailer, { type Transporter } from 'nodemailer';
import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { Logger } from '../../logging/logger.js';
import type { Vault } from '../vault/vault.js';
import { recordEmail, type OutgoingEmail } from './outbox.js';

export interface SentEmail {
  id: string;
  status: 'outbox' | 'sent' | 'failed';
  /** Why sending failed (no secret: the SMTP error code and class, never the URL). */
  error?: string;
}

export interface Mailer {
  /** Whether an SMTP server is configured (else emails wait in the outbox). */
  readonly configured: boolean;
  send(email: OutgoingEmail): Promise<SentEmail>;
  close(): void;
}

export interface MailerOptions {
  smtpUrl: string | undefined;
  from: string;
  db: Kysely<Tables>;
  vault: Vault;
  log: Logger;
}

// nodemailer's errors carry a code (ECONNECTION, EAUTH, EENVELOPE …) and the server's reply; the code is enough to act on.
const describe = (err: unknown): string => {
  const e = err as { code?: string; responseCode?: number };
  return [e.code ?? 'ESEND', e.responseCode ? `SMTP ${e.responseCode}` : ''].filter(Boolean).join(' ');
};

/**
 * SMTP through nodemailer when `SMTP_URL` is set; otherwise every email lands in the outbox table
 * (`npx latchkey emails list`), and the server says so once. Bodies (with their links) never reach a log.
 */
export function createMailer(opts: MailerOptions): Mailer {
  const transport: Transporter | undefined = opts.smtpUrl ? nodemailer.createTransport(opts.smtpUrl) : undefined;
  let warned = false;
  return {
    configured: transport !== undefined,
    async send(email) {
      if (!transport) {
        if (!warned) {
          warned = true;
          opts.log.warn('email is not configured (SMTP_URL is unset): emails are kept in the outbox; read them with `npx latchkey emails list`');
        }
        return { id: await recordEmail(opts.db, opts.vault, email, 'outbox'), status: 'outbox' };
      }
      try {
        await transport.sendMail({ from: opts.from, to: email.to, subject: email.subject, text: email.text, html: email.html });
      } catch (err) {
        const error = describe(err);
        opts.log.warn({ environmentId: email.environmentId, template: email.template, error }, 'email could not be sent');
        return { id: await recordEmail(opts.db, opts.vault, email, 'failed', error), status: 'failed', error };
      }
      opts.log.info({ environmentId: email.environmentId, template: email.template }, 'email sent');
      return { id: await recordEmail(opts.db, opts.vault, email, 'sent'), status: 'sent' };
    },
    close: () => transport?.close(),
  };
}
