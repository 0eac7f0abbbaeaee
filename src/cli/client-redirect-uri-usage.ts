/** The help lines of `latchkey clients redirect-uris` (no imports: main.ts loads it for every command). */
export const CLIENT_REDIRECT_URIS_USAGE = `  clients redirect-uris list <client_id> [--env E]
  clients redirect-uris add|remove <client_id> <uri> [--kind redirect|post_logout] [--env E]
                                 where app sign-in may send the browser back (exact match; https, or
                                 http on 127.0.0.1/[::1]/localhost): after sign-in (redirect, the
                                 default) or after logout (post_logout)`;
