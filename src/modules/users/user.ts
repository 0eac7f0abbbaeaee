import type { MembershipRow, UserRow } from '../../storage/schema-users.js';

/** The profile fields a user carries besides email (first/last name are given/family name on the wire too). */
export interface UserProfile {
  givenName: string;
  familyName: string;
  name: string;
  locale: string;
  phoneNumber: string;
  picture: string;
  gender: string;
  preferredUsername: string;
  groups: string[];
  metadata: Record<string, string>;
  customAttributes: Record<string, string>;
  emailVerified: boolean;
  phoneNumberVerified: boolean;
}

/** Stored as JSON in users.profile: everything but the searchable name columns. */
export type StoredProfile = Omit<UserProfile, 'givenName' | 'familyName' | 'name'>;

export type MembershipStatus = MembershipRow['status'];

export interface Membership {
  id: string;
  organizationId: string;
  organizationName: string;
  userId: string;
  status: MembershipStatus;
  roles: string[];
  metadata: Record<string, string>;
  inviterEmail: string | undefined;
  acceptedAt: Date | undefined;
  /** When the pending invitation's link stops working. */
  expiresAt: Date | undefined;
  createdAt: Date;
}

export interface User {
  id: string;
  environmentId: string;
  email: string;
  externalId: string | undefined;
  profile: UserProfile;
  metadata: Record<string, string>;
  lastLoginAt: Date | undefined;
  createdAt: Date;
  updatedAt: Date;
  memberships: Membership[];
}

export const EMPTY_PROFILE: StoredProfile = Object.freeze({
  locale: '',
  phoneNumber: '',
  picture: '',
  gender: '',
  preferredUsername: '',
  groups: [],
  metadata: {},
  customAttributes: {},
  emailVerified: false,
  phoneNumberVerified: false,
});

export function userFromRow(row: UserRow, memberships: Membership[]): User {
  const stored = { ...EMPTY_PROFILE, ...(JSON.parse(row.profile) as Partial<StoredProfile>) };
  return {
    id: row.id,
    environmentId: row.environment_id,
    email: row.email,
    externalId: row.external_id ?? undefined,
    profile: { ...stored, givenName: row.given_name, familyName: row.family_name, name: row.name },
    metadata: JSON.parse(row.metadata),
    lastLoginAt: row.last_login_at ? new Date(row.last_login_at) : undefined,
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
    memberships,
  };
}
