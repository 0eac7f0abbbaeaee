import type { ProviderDefinition } from '../definition/provider-definition.js';

/**
 * The hosts a provider's secrets travel to: `proxy_url` gets every connected account's credential;
 * the OAuth URIs get the connection's client secret, codes and refresh tokens (authorize_uri gets the
 * user's browser, and with it their consent). Changing one of them is the change a promotion must
 * never make silently.
 */
const OAUTH_URIS = ['authorize_uri', 'token_uri', 'refresh_uri', 'user_info_uri'] as const;
const DEFAULT_PORT: Record<string, string> = { 'http:': '80', 'https:': '443' };

/** A destination field whose host differs; `null` where the field is absent. */
export interface DestinationChange {
  path: string;
  from: string | null;
  to: string | null;
}

/**
 * `https://API.example.com:443/v1?x` → `https://api.example.com`: scheme, host and port, lowercased,
 * the default port dropped. Templates stay as written (`https://{{shop}}.myshopify.com`), so moving
 * a template into or out of the host is a change too.
 */
export function destinationHost(uri: string): string {
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:)\/\/([^/?#]*)/.exec(uri);
  if (!m) return uri;
  const scheme = m[1].toLowerCase();
  const authority = m[2].toLowerCase().replace(/:(\d+)$/, (port, n: string) => (DEFAULT_PORT[scheme] === n ? '' : port));
  return `${scheme}//${authority}`;
}

/** Destination field path → host, in definition order. */
export function credentialDestinations(def: ProviderDefinition | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!def) return out;
  out.set('proxy_url', destinationHost(def.proxy_url));
  def.auth_patterns.forEach((p, i) => {
    for (const key of OAUTH_URIS) {
      const uri = p.oauth_config?.[key];
      if (uri) out.set(`auth_patterns[${i}].oauth_config.${key}`, destinationHost(uri));
    }
  });
  return out;
}

/** Every destination field whose host differs between `before` (absent for a new provider) and `after`. */
export function destinationChanges(before: ProviderDefinition | undefined, after: ProviderDefinition): DestinationChange[] {
  const [was, will] = [credentialDestinations(before), credentialDestinations(after)];
  const paths = [...new Set([...will.keys(), ...was.keys()])];
  return paths.filter((p) => was.get(p) !== will.get(p)).map((path) => ({ path, from: was.get(path) ?? null, to: will.get(path) ?? null }));
}

/** `proxy_url: https://a.example → https://b.example`, one per change, for messages and the CLI. */
export const describeDestinationChange = (c: DestinationChange): string => `${c.path}: ${c.from ?? '(none)'} → ${c.to ?? '(none)'}`;
