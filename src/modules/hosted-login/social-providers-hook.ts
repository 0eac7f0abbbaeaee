import type { Kysely } from 'kysely';
import type { Tables } from '../../storage/schema.js';

/** One button of the login page's social row. */
export interface SocialButton {
  key: string;
  label: string;
}

/**
 * The environment's social providers, for the buttons row. Social login owns the list
 * (`listSocialProviders` in src/modules/social-login/, the page's default); a caller may pass another.
 */
export type ListSocialButtons = (db: Kysely<Tables>, envId: string) => Promise<SocialButton[]>;
