import { MembershipStatus } from '@scalekit-sdk/node/lib/pkg/grpc/scalekit/v1/commons/commons_pb.js';
import type { Membership, User } from '../../../modules/users/user.js';
import type { ProfileInput } from '../../../modules/users/validate-user.js';
import type { Page } from '../../../modules/paging/keyset-page.js';
import { ts } from '../timestamps.js';

function membershipToProto(m: Membership) {
  return {
    organizationId: m.organizationId,
    joinTime: ts(m.acceptedAt),
    membershipStatus: MembershipStatus[m.status],
    roles: m.roles.map((name) => ({ name, displayName: name })),
    displayName: m.organizationName,
    metadata: m.metadata,
    inviterEmail: m.inviterEmail,
    createdAt: ts(m.createdAt),
    acceptedAt: ts(m.acceptedAt),
    expiresAt: ts(m.expiresAt),
    provisioningMethod: m.inviterEmail !== undefined || m.expiresAt ? 'INVITATION' : 'API',
  };
}

export function userToProto(u: User) {
  const p = u.profile;
  return {
    id: u.id,
    environmentId: u.environmentId,
    email: u.email,
    externalId: u.externalId,
    createTime: ts(u.createdAt),
    updateTime: ts(u.updatedAt),
    lastLoginTime: ts(u.lastLoginAt),
    metadata: u.metadata,
    memberships: u.memberships.map(membershipToProto),
    userProfile: {
      id: u.id,
      givenName: p.givenName,
      familyName: p.familyName,
      // The deprecated first/last name fields (the SDK still sends and reads them) mirror given/family name.
      firstName: p.givenName,
      lastName: p.familyName,
      name: p.name,
      locale: p.locale,
      phoneNumber: p.phoneNumber,
      picture: p.picture,
      gender: p.gender,
      preferredUsername: p.preferredUsername,
      groups: p.groups,
      metadata: p.metadata,
      customAttributes: p.customAttributes,
      emailVerified: p.emailVerified,
      phoneNumberVerified: p.phoneNumberVerified,
      // Where later sign-in methods (SSO, social) record the identities linked to this user.
      externalIdentities: [],
    },
  };
}

export const userPageToProto = (page: Page<User>) => ({
  users: page.items.map(userToProto),
  nextPageToken: page.nextPageToken,
  prevPageToken: page.prevPageToken,
  totalSize: page.totalSize,
});

/** Profile fields from CreateUserProfile / UpdateUserProfile: given_name wins over the deprecated first_name. Maps and lists count as sent when not empty. */
export function profileFromProto(p: {
  givenName?: string;
  familyName?: string;
  firstName?: string;
  lastName?: string;
  name?: string;
  locale?: string;
  phoneNumber?: string;
  picture?: string;
  gender?: string;
  preferredUsername?: string;
  groups: string[];
  metadata: Record<string, string>;
  customAttributes: Record<string, string>;
} | undefined): ProfileInput | undefined {
  if (!p) return undefined;
  const pick = (a: string | undefined, b: string | undefined) => (a ? a : b !== undefined && b !== '' ? b : a);
  const out: ProfileInput = {
    givenName: pick(p.givenName, p.firstName),
    familyName: pick(p.familyName, p.lastName),
    name: p.name,
    locale: p.locale,
    phoneNumber: p.phoneNumber,
    picture: p.picture,
    gender: p.gender,
    preferredUsername: p.preferredUsername,
    groups: p.groups.length ? p.groups : undefined,
    metadata: Object.keys(p.metadata).length ? p.metadata : undefined,
    customAttributes: Object.keys(p.customAttributes).length ? p.customAttributes : undefined,
  };
  for (const k of Object.keys(out) as (keyof ProfileInput)[]) if (out[k] === undefined) delete out[k];
  return out;
}
