import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';
import type { Mailer, SentEmail } from '../email/mailer.js';
import { renderTemplate } from '../email/render-template.js';
import { templateOf } from '../email/templates.js';
import { acceptInvitationUrl } from './invitation-links.js';

export interface InvitationEmailDeps {
  db: Kysely<Tables>;
  mailer: Mailer;
  publicUrl: string;
}

/** Renders the environment's invitation template for one invitee and hands it to the mailer. */
export async function sendInvitationEmail(
  deps: InvitationEmailDeps,
  envId: string,
  invite: { to: string; organizationName: string; inviterEmail: string | undefined; token: string; expiresAt: Date },
): Promise<SentEmail> {
  const t = await templateOf(deps.db, envId, 'invitation');
  const vars = {
    organization_name: invite.organizationName,
    invitee_email: invite.to,
    inviter_email: invite.inviterEmail || `An administrator of ${invite.organizationName}`,
    accept_url: acceptInvitationUrl(deps.publicUrl, invite.token),
    expires_at: invite.expiresAt.toISOString(),
  };
  return deps.mailer.send({
    environmentId: envId,
    to: invite.to,
    template: 'invitation',
    // A subject is one header line: a variable cannot add another.
    subject: renderTemplate(t.subject, vars, 'text').replace(/[\r\n]+/g, ' '),
    text: renderTemplate(t.text, vars, 'text'),
    html: renderTemplate(t.html, vars, 'html'),
  });
}
