/** The hosted login page's domain logic (no HTTP): home realm discovery, the email proof, the organization pick. */
export { afterAuthenticationRealm, realmBeforeAuthentication, realmOfRequest } from './home-realm-discovery.js';
export type { Realm, RealmReason } from './realm.js';
export { startEmailLogin, type EmailLoginInput, type EmailLoginStep } from './start-email-login.js';
export { proveEmail, type EmailProof } from './prove-email.js';
export { signInPerson, enterOrganization, type SignInStep } from './sign-in-person.js';
export { pickOptions, pickOrganization } from './pick-organization.js';
export { loadLoginState, clearLoginState, type LoginState } from './login-state.js';
export type { ListSocialButtons, SocialButton } from './social-providers-hook.js';
export type { OrganizationOption } from './organization-choice.js';
export { pendingProof } from './pending-proof.js';
