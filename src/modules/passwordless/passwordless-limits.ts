/**
 * The numbers of passwordless sign-in (README "Passwordless email"). Sends and resends both count
 * towards the per-email and per-source windows; the source is the end user's IP address where it is
 * known (the hosted page) and otherwise the API client calling the RPC (an app's backend: one address
 * for all of its users, so it gets a larger budget).
 */
export const PASSWORDLESS_LIMITS = Object.freeze({
  /** Codes compared per request; the next wrong one kills the request. */
  maxAttempts: 5,
  /** Resends of one request (each also counts as a send). */
  maxResends: 3,
  /** Emails to one address per window, per environment. */
  perEmail: { max: 5, windowSeconds: 15 * 60 },
  /** Emails asked from one IP address per window. */
  perIp: { max: 20, windowSeconds: 15 * 60 },
  /** Emails asked by one API client per window. */
  perClient: { max: 1000, windowSeconds: 60 },
  defaultExpiresIn: 300,
  minExpiresIn: 1,
  maxExpiresIn: 24 * 60 * 60,
});

export type PasswordlessLimits = typeof PASSWORDLESS_LIMITS;
