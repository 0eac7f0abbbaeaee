/** Row shapes of the user directory (migration 0012); conventions as in schema.ts. */
export interface UserRow {
  id: string;
  environment_id: string;
  /** Lower-cased. */
  email: string;
  external_id: string | null;
  given_name: string;
  family_name: string;
  name: string;
  /** JSON: the other UserProfile fields (locale, phone_number, picture, gender, preferred_username, groups, metadata, custom_attributes, *_verified). */
  profile: string;
  metadata: string;
  last_login_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipRow {
  id: string;
  environment_id: string;
  organization_id: string;
  user_id: string;
  status: 'ACTIVE' | 'INACTIVE' | 'PENDING_INVITE' | 'INVITE_EXPIRED';
  external_id: string | null;
  metadata: string;
  inviter_email: string | null;
  accepted_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface MembershipRoleRow {
  membership_id: string;
  role_name: string;
}

export interface InvitationRow {
  id: string;
  environment_id: string;
  membership_id: string;
  token_hash: string;
  expires_at: string;
  resent_at: string | null;
  resent_count: number;
  accepted_at: string | null;
  created_at: string;
}

export interface EmailOutboxRow {
  id: string;
  environment_id: string;
  recipient: string;
  subject: string;
  template: string;
  status: 'outbox' | 'sent' | 'failed';
  /** Vault ciphertext of {text, html}; kept only for emails held in the outbox. */
  body_ciphertext: string | null;
  error: string | null;
  created_at: string;
}

export interface EmailTemplateRow {
  environment_id: string;
  name: string;
  subject: string;
  text_body: string;
  html_body: string;
  updated_at: string;
}

export interface OrganizationPolicyRow {
  organization_id: string;
  environment_id: string;
  session_policy: string | null;
  max_allowed_users: number | null;
  updated_at: string;
}

export interface PortalLinkRow {
  id: string;
  environment_id: string;
  organization_id: string;
  token_hash: string;
  token_ciphertext: string;
  expires_at: string;
  created_at: string;
}

export interface UserTables {
  users: UserRow;
  memberships: MembershipRow;
  membership_roles: MembershipRoleRow;
  invitations: InvitationRow;
  email_outbox: EmailOutboxRow;
  email_templates: EmailTemplateRow;
  organization_policies: OrganizationPolicyRow;
  portal_links: PortalLinkRow;
}
