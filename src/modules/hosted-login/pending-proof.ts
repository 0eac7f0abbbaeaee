import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { PasswordlessType } from '../passwordless/index.js';

/** How the email step's request was sent (what the "check your email" page shows), or undefined when it is gone. */
export async function pendingProof(db: Kysely<Tables>, envId: string, authRequestId: string): Promise<{ type: PasswordlessType; expiresIn: number } | undefined> {
  const row = await db
    .selectFrom('passwordless_requests')
    .select(['passwordless_type', 'expires_in'])
    .where('environment_id', '=', envId)
    .where('id', '=', authRequestId)
    .executeTakeFirst();
  return row ? { type: row.passwordless_type, expiresIn: row.expires_in } : undefined;
}
