/** The help lines of `latchkey social-providers` (no imports: main.ts loads it for every command). */
export const SOCIAL_PROVIDERS_USAGE = `  social-providers list [--env E]
  social-providers add <key> --client-id ID --client-secret S [--kind GOOGLE|GITHUB|MICROSOFT|OIDC]
      [--issuer URL] [--scopes a,b] [--display-name D] [--file provider.json] [--env E]
                                 sign-in with google, github, microsoft or any OIDC provider (key of
                                 your choice, --issuer required); --file holds the REST body (endpoints…)
  social-providers remove <key> --env <name>`;
