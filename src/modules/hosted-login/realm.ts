/**
 * Where a sign-in must go, as home realm discovery decides it. `sso` is an organization's single
 * sign-on (not built yet: the page says so; never a silent fallback to another method).
 */
export type Realm =
  | { kind: 'sso'; reason: RealmReason; organizationId?: string; organizationName?: string; connectionId?: string }
  /** No SSO applies: prove the email (before authentication) or complete (after it). */
  | { kind: 'none'; organizationId?: string };

/** What routed the sign-in to SSO, for the page and the log. */
export type RealmReason = 'connection_id' | 'organization_id' | 'domain_hint' | 'email_domain';

/** An email's domain, lower-cased (undefined when there is no `@`). */
export const emailDomain = (email: string): string | undefined => {
  const at = email.lastIndexOf('@');
  return at > 0 ? email.slice(at + 1).trim().toLowerCase().replace(/\.$/, '') || undefined : undefined;
};
