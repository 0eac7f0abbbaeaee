/**
 * What a login method (passwordless on the hosted page, social, later SSO and passkeys) hands the
 * authorization server once it knows who the person is. One shape, so the authorization server
 * builds the id_token `identities[]` and the session the same way whatever the method.
 */
export interface SignInOutcome {
  /** `usr_…` of the existing or just-created user (account linking has already run). */
  userId: string;
  /** `org_…` the person signs in to (HRD, `organization_id`, or the membership they picked). */
  organizationId?: string;
  identity: SignInIdentity;
  /** RFC 8176 method references: `otp`, `mfa`… plus `magic_link`, `social`. */
  amr: string[];
}

/** One entry of the id_token's `identities[]` (the claims the SDK maps). */
export interface SignInIdentity {
  connectionId?: string;
  connectionType: 'PASSWORDLESS' | 'SOCIAL' | 'OIDC' | 'SAML' | 'PASSKEY';
  /** e.g. `google`, `github`, `microsoft`, a generic OIDC provider's key, or `passwordless`. */
  providerName: string;
  social: boolean;
}

/** The authorization request's parameters a login page acts on (all optional, as the SDK sends them). */
export interface SignInRequestParams {
  loginHint?: string;
  domainHint?: string;
  organizationId?: string;
  connectionId?: string;
  provider?: string;
  prompt?: string;
}

/**
 * The authorization server's side of a login interaction (implemented in src/modules/app-signin/;
 * login pages receive it). `uid` is the interaction id carried in the page URL `/ui/login?interaction=<uid>`.
 */
export interface SignInInteractions {
  /** The pending authorization request behind `uid`, or undefined when unknown/expired. */
  details(uid: string, req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): Promise<SignInInteraction | undefined>;
  /** Completes the interaction: the browser is redirected back into the authorization flow. */
  finish(uid: string, req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, outcome: SignInOutcome): Promise<void>;
  /** Ends it with an OAuth error sent to the app's redirect_uri (e.g. `access_denied`). */
  abort(uid: string, req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse, error: string, description: string): Promise<void>;
}

export interface SignInInteraction {
  uid: string;
  environmentId: string;
  clientId: string;
  params: SignInRequestParams;
  /**
   * The app's redirect_uri for this request, when the authorization server knows it: a login
   * page's form ends in a redirect there, and CSP form-action covers redirects, so the page lists its origin.
   */
  redirectUri?: string;
}
