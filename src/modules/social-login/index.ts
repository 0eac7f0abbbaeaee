/** Social login: per-environment providers (Google, GitHub, Microsoft, generic OIDC) and the sign-in through them. */
export { createSocialProvider, updateSocialProvider, removeSocialProvider, getSocialProvider, listConfiguredSocialProviders, listSocialProviders } from './social-providers.js';
export { socialProviderJson, type SocialProvider, type SocialEndpoints } from './social-provider.js';
export { startSocialLogin } from './start-social-login.js';
export { completeSocialLogin, type SocialSignIn } from './social-callback.js';
export { signInSocialPerson, type SocialSignInStep } from './sign-in-social-person.js';
export { STATE_TTL_SECONDS } from './login-state.js';
export { SOCIAL_CALLBACK_PATH, socialCallbackUrl, type SocialLoginDeps } from './social-login-deps.js';
