import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { EmailOutboxRow } from '../../storage/schema-users.js';
import type { Vault } from '../vault/vault.js';
import { newId } from '../../storage/ids.js';

export interface OutgoingEmail {
  environmentId: string;
  to: string;
  template: string;
  subject: string;
  text: string;
  html: string;
}

export interface OutboxEntry extends Omit<EmailOutboxRow, 'body_ciphertext'> {
  /** Only for emails held in the outbox (no SMTP server): sent ones keep no body. */
  text: string | undefined;
}

// The body carries single-use links, so it is sealed to its row like every other secret.
const aad = (id: string) => `email_outbox:${id}:body`;

/** Records an email: `outbox` keeps the body (sealed) for `latchkey emails list`; `sent` / `failed` keep none. */
export async function recordEmail(
  db: Kysely<Tables>,
  vault: Vault,
  email: OutgoingEmail,
  status: EmailOutboxRow['status'],
  error?: string,
): Promise<string> {
  const id = newId('eml');
  await db
    .insertInto('email_outbox')
    .values({
      id,
      environment_id: email.environmentId,
      recipient: email.to,
      subject: email.subject,
      template: email.template,
      status,
      body_ciphertext: status === 'outbox' ? vault.encrypt(JSON.stringify({ text: email.text, html: email.html }), aad(id)) : null,
      error: error ?? null,
      created_at: new Date().toISOString(),
    })
    .execute();
  return id;
}

/** The environment's emails, newest first. */
export async function listEmails(db: Kysely<Tables>, vault: Vault, envId: string, limit = 20): Promise<OutboxEntry[]> {
  const rows = await db.selectFrom('email_outbox').selectAll().where('environment_id', '=', envId).orderBy('id', 'desc').limit(limit).execute();
  return Promise.all(
    rows.map(async ({ body_ciphertext, ...row }) => ({
      ...row,
      text: body_ciphertext ? (JSON.parse(await vault.decrypt(body_ciphertext, aad(row.id))) as { text: string }).text : undefined,
    })),
  );
}
