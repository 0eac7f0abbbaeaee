import { readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadBuiltinCatalog } from '../../src/modules/providers/catalog/load-catalog.js';
import { templateFields } from '../../src/modules/providers/definition/template.js';

const catalog = loadBuiltinCatalog();
const providers = [...catalog.values()];
const files = readdirSync(new URL('../../src/modules/providers/catalog/', import.meta.url)).filter((f) => f.endsWith('.json'));

/** Providers the seeds and the brief name explicitly. */
const REQUIRED = [
  'gmail', 'google_calendar', 'google_drive', 'slack', 'github', 'salesforce', 'notion', 'linear', 'hubspot', 'asana',
  'jira', 'confluence', 'freshdesk', 'attention', 'outlook', 'microsoft_teams', 'zendesk', 'intercom', 'airtable',
  'dropbox', 'box', 'discord', 'zoom', 'calendly', 'figma', 'trello', 'monday', 'clickup', 'stripe', 'shopify',
  'twilio', 'pipedrive',
];

/** OAuth providers with no scope parameter: permissions are configured in the provider's app console. */
const SCOPELESS_OAUTH = ['calendly', 'clickup', 'intercom', 'notion', 'pipedrive', 'zoom'];

/** Whose proxy host is entirely per-account (a tenant's own domain or an instance host from the token response). */
const WHOLE_HOST_TEMPLATE = ['freshdesk', 'pipedrive', 'salesforce'];

/** Every URL in a definition, with a label for failure messages. */
function urlsOf(p: (typeof providers)[number]): Array<[string, string]> {
  const out: Array<[string, string]> = [[`${p.key}.proxy_url`, p.proxy_url]];
  if (p.docs_url) out.push([`${p.key}.docs_url`, p.docs_url]);
  p.auth_patterns.forEach((a, i) => {
    const c = a.oauth_config;
    if (!c) return;
    for (const k of ['authorize_uri', 'token_uri', 'user_info_uri', 'refresh_uri'] as const) {
      const v = c[k];
      if (v) out.push([`${p.key}.auth_patterns[${i}].${k}`, v]);
    }
  });
  return out;
}

describe('built-in catalog', () => {
  it('loads at least 32 providers, one per json file', () => {
    expect(catalog.size).toBeGreaterThanOrEqual(32);
    expect(catalog.size).toBe(files.length);
  });

  it('keys equal their file names, are unique and lowercase', () => {
    expect(new Set(files).size).toBe(files.length);
    for (const file of files) {
      const key = file.replace(/\.json$/, '');
      expect(catalog.get(key)?.key, file).toBe(key);
      expect(key).toMatch(/^[a-z0-9_]+$/);
    }
  });

  it('contains every provider the seeds name', () => {
    const missing = REQUIRED.filter((k) => !catalog.has(k));
    expect(missing).toEqual([]);
  });

  it('gives every built-in a description, categories and a docs_url', () => {
    for (const p of providers) {
      expect(p.description?.length ?? 0, p.key).toBeGreaterThan(10);
      expect(p.categories?.length ?? 0, p.key).toBeGreaterThan(0);
      expect(p.docs_url, p.key).toMatch(/^https:\/\//);
    }
  });

  it('uses https URLs on real-looking provider hosts', () => {
    for (const p of providers) {
      for (const [where, url] of urlsOf(p)) {
        const u = new URL(url.replace(/\{\{\s*[a-z0-9_]+\s*\}\}/g, 'tenant'));
        expect(u.protocol, where).toBe('https:');
        if (u.hostname === 'tenant') {
          expect(WHOLE_HOST_TEMPLATE, where).toContain(p.key);
          continue;
        }
        expect(u.hostname, where).not.toMatch(/(^|\.)(example\.(com|org|net)|localhost|test|invalid|local)$/);
        expect(u.hostname, where).not.toMatch(/^\d+\.\d+\.\d+\.\d+$|^\[|:/);
        expect(u.hostname, where).toMatch(/\.[a-z]{2,}$/);
      }
    }
  });

  it('declares every template field in every pattern (proxy) or in the pattern account_fields (OAuth URIs)', () => {
    for (const p of providers) {
      p.auth_patterns.forEach((a) => {
        const declared = [...a.fields, ...a.account_fields].map((f) => f.field_name);
        for (const name of templateFields(p.proxy_url)) expect(declared, `${p.key} {{${name}}}`).toContain(name);
        const accountFields = a.account_fields.map((f) => f.field_name);
        for (const uri of [a.oauth_config?.authorize_uri, a.oauth_config?.token_uri, a.oauth_config?.user_info_uri]) {
          for (const name of templateFields(uri ?? '')) expect(accountFields, `${p.key} ${uri}`).toContain(name);
        }
      });
    }
  });

  it('gives every OAUTH pattern scopes (unless scopeless by design), unique and described', () => {
    for (const p of providers) {
      for (const a of p.auth_patterns.filter((x) => x.type === 'OAUTH')) {
        const scopes = a.oauth_config!.available_scopes;
        if (SCOPELESS_OAUTH.includes(p.key)) expect(scopes, p.key).toEqual([]);
        else expect(scopes.length, p.key).toBeGreaterThanOrEqual(1);
        expect(new Set(scopes.map((s) => s.scope)).size, p.key).toBe(scopes.length);
        for (const s of scopes) expect(s.description?.length ?? 0, `${p.key} ${s.scope}`).toBeGreaterThan(5);
      }
    }
  });

  it('encodes the documented provider quirks', () => {
    const oauth = (key: string) => catalog.get(key)!.auth_patterns.find((a) => a.type === 'OAUTH')!.oauth_config!;
    expect(oauth('slack')).toMatchObject({ scope_param: 'user_scope', scope_separator: ',', token_response: { access_token_path: 'authed_user.access_token' } });
    expect(oauth('github')).toMatchObject({ user_info_uri: 'https://api.github.com/user', user_info_id_path: 'id', user_info_email_path: 'email' });
    expect(oauth('dropbox').user_info_method).toBe('POST');
    expect(oauth('airtable')).toMatchObject({ pkce: true, token_endpoint_auth_method: 'client_secret_basic' });
    for (const k of ['notion', 'reddit', 'zoom']) expect(oauth(k).token_endpoint_auth_method, k).toBe('client_secret_basic');
    for (const k of ['outlook', 'microsoft_teams']) {
      expect(oauth(k).refresh_token_rotates, k).toBe(true);
      expect(oauth(k).authorize_uri, k).toContain('/common/');
      expect(oauth(k).available_scopes.find((s) => s.scope === 'offline_access')?.required, k).toBe(true);
    }
    expect(oauth('gmail').authorize_params).toEqual({ access_type: 'offline', prompt: 'consent' });
    expect(oauth('jira').authorize_params).toEqual({ audience: 'api.atlassian.com', prompt: 'consent' });
    expect(oauth('salesforce').token_response?.account_field_paths).toEqual({ instance_host: 'instance_url|host' });
    expect(catalog.get('salesforce')!.proxy_url).toBe('https://{{instance_host}}');
    expect(oauth('zendesk').authorize_uri).toBe('https://{{subdomain}}.zendesk.com/oauth/authorizations/new');
    expect(oauth('shopify').token_uri).toBe('https://{{shop}}.myshopify.com/admin/oauth/access_token');
  });

  it('encodes the static-credential providers as the seeds describe', () => {
    const fd = catalog.get('freshdesk')!;
    expect(fd.proxy_url).toBe('https://{{domain}}/api');
    expect(fd.auth_patterns[0].type).toBe('BASIC');
    expect(fd.auth_patterns[0].auth_field_mutations).toEqual([{ field_name: 'password', default_value: 'X' }]);
    expect(catalog.get('attention')!.auth_patterns.map((a) => a.type)).toEqual(['API_KEY']);
    expect(catalog.get('twilio')!.auth_patterns[0].type).toBe('BASIC');
    expect(catalog.get('twilio')!.proxy_url).toBe('https://api.twilio.com');
    const discordBot = catalog.get('discord')!.auth_patterns.find((a) => a.type === 'BEARER')!;
    expect(discordBot.auth_field_mutations).toEqual([{ field_name: 'token', prefix: 'Bot ' }]);
  });

  it('is frozen', () => {
    const gmail = catalog.get('gmail')!;
    expect(Object.isFrozen(gmail)).toBe(true);
    expect(Object.isFrozen(gmail.auth_patterns[0].oauth_config!.available_scopes)).toBe(true);
    expect(() => (catalog as Map<string, unknown>).set('x', {})).toThrow(TypeError);
    expect(loadBuiltinCatalog()).toBe(catalog);
  });
});
