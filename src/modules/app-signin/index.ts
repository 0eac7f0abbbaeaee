// Latchkey as the OpenID Provider of the environment's apps (issue 15, helper A).
export { AppSignInServer, type AppSignInServerDeps } from './app-signin-server.js';
export { signInInteractions, requestParams } from './sign-in-interactions.js';
export type { ProviderPages } from './create-app-signin-provider.js';
export { endSessionsOfGrants } from './signin-grants.js';
export * from './app-signin-paths.js';
