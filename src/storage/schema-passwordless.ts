/** Row shapes of passwordless email sign-in (migration 0016); conventions as in schema.ts. */
export interface PasswordlessRequestRow {
  /** The auth_request_id (`pwl_…`). */
  id: string;
  environment_id: string;
  /** Lower-cased, as users are keyed. */
  email: string;
  template: 'SIGNIN' | 'SIGNUP';
  passwordless_type: 'OTP' | 'LINK' | 'LINK_OTP';
  state: string | null;
  magiclink_auth_uri: string | null;
  /** JSON object of the app's template variables, kept so a resend renders the same email. */
  template_variables: string;
  /** `salt.hmac` of the one-time code (base64url); null for LINK. */
  otp_hash: string | null;
  /** SHA-256 of the link token; null for OTP. */
  link_token_hash: string | null;
  /** Codes compared so far (each comparison is counted before it runs). */
  attempts: number;
  resends: number;
  status: 'pending' | 'verified' | 'locked';
  expires_in: number;
  expires_at: string;
  verified_at: string | null;
  /** When the hosted login took the verified email (verifiedEmailFrom), once. */
  claimed_at: string | null;
  created_at: string;
  updated_at: string;
}

/** One email sent (send or resend), counted by the rate limits per email and per source. */
export interface PasswordlessSendRow {
  id: string;
  environment_id: string;
  email: string;
  /** `ip:…` (hosted page) or `client:…` (an API client's RPC). */
  source: string;
  created_at: string;
}

/** The environment's passwordless type (unset: OTP, or LINK_OTP when the request names a magic-link URI). */
export interface PasswordlessSettingsRow {
  environment_id: string;
  passwordless_type: 'OTP' | 'LINK' | 'LINK_OTP';
  updated_at: string;
}

export interface PasswordlessTables {
  passwordless_requests: PasswordlessRequestRow;
  passwordless_sends: PasswordlessSendRow;
  passwordless_settings: PasswordlessSettingsRow;
}
