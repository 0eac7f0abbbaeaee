import { describe, expect, it } from 'vitest';
import { DomainError, type FieldViolation } from '../../src/modules/errors/domain-error.js';
import { DEFAULTS, readResponsePath, resolveOAuthConfig } from '../../src/modules/providers/definition/provider-definition.js';
import { fillTemplate, templateFields } from '../../src/modules/providers/definition/template.js';
import { validateProviderDefinition } from '../../src/modules/providers/definition/validate-definition.js';

// The four example payloads of the Auth patterns page, copied verbatim.

export const ASANA_OAUTH = {
  "display_name": "My Asana",
  "description": "Connect to Asana. Manage tasks, projects, teams, and workflow automation",
  "auth_patterns": [
    {
      "type": "OAUTH",
      "display_name": "OAuth 2.0",
      "description": "Authenticate with Asana using OAuth 2.0 for comprehensive project management",
      "fields": [],
      "oauth_config": {
        "authorize_uri": "https://app.asana.com/-/oauth_authorize",
        "token_uri": "https://app.asana.com/-/oauth_token",
        "user_info_uri": "https://app.asana.com/api/1.0/users/me",
        "available_scopes": [
          {
            "scope": "profile",
            "display_name": "Profile",
            "description": "Access user profile information",
            "required": true
          },
          {
            "scope": "email",
            "display_name": "Email",
            "description": "Access user email address",
            "required": true
          }
        ]
      }
    }
  ],
  "proxy_url": "https://app.asana.com/api",
  "proxy_enabled": true
};

export const BEARER_TOKEN = {
  "display_name": "My Bearer Token Provider",
  "description": "Connect to an API that accepts a static bearer token",
  "auth_patterns": [
    {
      "type": "BEARER",
      "display_name": "Bearer Token",
      "description": "Authenticate with a static bearer token",
      "fields": [
        {
          "field_name": "token",
          "label": "Bearer Token",
          "input_type": "password",
          "hint": "Your long-lived bearer token",
          "required": true
        }
      ]
    }
  ],
  "proxy_url": "https://api.example.com",
  "proxy_enabled": true
};

export const FRESHDESK_BASIC = {
  "display_name": "My Freshdesk",
  "description": "Connect to Freshdesk. Manage tickets, contacts, companies, and customer support workflows",
  "auth_patterns": [
    {
      "type": "BASIC",
      "display_name": "Basic Auth",
      "description": "Authenticate with Freshdesk using Basic Auth with username and password for comprehensive helpdesk management",
      "fields": [
        {
          "field_name": "domain",
          "label": "Freshdesk Domain",
          "input_type": "text",
          "hint": "Your Freshdesk domain (e.g., yourcompany.freshdesk.com)",
          "required": true
        },
        {
          "field_name": "username",
          "label": "API Key",
          "input_type": "text",
          "hint": "Your Freshdesk API Key",
          "required": true
        }
      ]
    }
  ],
  "proxy_url": "https://{{domain}}/api",
  "proxy_enabled": true
};

export const ATTENTION_API_KEY = {
  "display_name": "My Attention",
  "description": "Connect to Attention for AI insights, conversations, teams, and workflows",
  "auth_patterns": [
    {
      "type": "API_KEY",
      "display_name": "API Key",
      "description": "Authenticate with Attention using an API Key",
      "fields": [
        {
          "field_name": "api_key",
          "label": "Integration Token",
          "input_type": "password",
          "hint": "Your Attention API Key",
          "required": true
        }
      ]
    }
  ],
  "proxy_url": "https://api.attention.tech",
  "proxy_enabled": true
};

const SEEDS = { ASANA_OAUTH, BEARER_TOKEN, FRESHDESK_BASIC, ATTENTION_API_KEY };

/** Deep copy of a seed with `edit` applied, so each case changes exactly one thing. */
function variant(seed: object, edit: (d: any) => void): unknown {
  const d = structuredClone(seed);
  edit(d);
  return d;
}

function violationsOf(input: unknown): FieldViolation[] {
  try {
    validateProviderDefinition(input);
  } catch (e) {
    expect(e).toBeInstanceOf(DomainError);
    expect((e as DomainError).code).toBe('invalid_argument');
    return (e as DomainError).violations;
  }
  throw new Error('expected the definition to be refused');
}

describe('validateProviderDefinition: the seed payloads', () => {
  for (const [name, seed] of Object.entries(SEEDS)) {
    it(`accepts ${name}`, () => {
      const out = validateProviderDefinition(seed);
      expect(out.display_name).toBe(seed.display_name);
      expect(out.proxy_url).toBe(seed.proxy_url);
      expect(out.auth_patterns[0].type).toBe(seed.auth_patterns[0].type);
    });
  }

  it('applies defaults without mutating the input', () => {
    const input = structuredClone(BEARER_TOKEN) as any;
    delete input.auth_patterns[0].fields[0].input_type;
    delete input.auth_patterns[0].fields[0].required;
    const before = JSON.stringify(input);
    const out = validateProviderDefinition(input);
    expect(JSON.stringify(input)).toBe(before);
    expect(out.auth_patterns[0].fields[0].input_type).toBe('text');
    expect(out.auth_patterns[0].fields[0].required).toBe(false);
    expect(out.auth_patterns[0].account_fields).toEqual([]);
  });

  it('defaults scope.required to false and keeps OAuth extras unset', () => {
    const input = variant(ASANA_OAUTH, (d) => delete d.auth_patterns[0].oauth_config.available_scopes[1].required);
    const cfg = validateProviderDefinition(input).auth_patterns[0].oauth_config!;
    expect(cfg.available_scopes[1].required).toBe(false);
    expect(cfg.pkce).toBeUndefined();
  });
});

describe('validateProviderDefinition: refusals name the exact field', () => {
  const cases: Array<[string, unknown, FieldViolation]> = [
    [
      'non-https token_uri on a public host',
      variant(ASANA_OAUTH, (d) => (d.auth_patterns[0].oauth_config.token_uri = 'http://app.asana.com/-/oauth_token')),
      {
        field: 'auth_patterns[0].oauth_config.token_uri',
        description: 'must be an https URL (http is accepted only for a loopback host written out in the URL (localhost, 127.0.0.1 or [::1], not a template), which the environment must list in proxy_allowed_hosts)',
      },
    ],
    [
      'unknown auth type',
      variant(BEARER_TOKEN, (d) => (d.auth_patterns[0].type = 'DIGEST')),
      { field: 'auth_patterns[0].type', description: 'must be one of OAUTH, BASIC, BEARER, API_KEY' },
    ],
    [
      'template naming an undeclared field',
      variant(FRESHDESK_BASIC, (d) => (d.proxy_url = 'https://{{subdomain}}.freshdesk.com/api')),
      { field: 'proxy_url', description: 'template {{subdomain}} names no field declared in auth_patterns[0]' },
    ],
    [
      'proxy_enabled false',
      variant(ATTENTION_API_KEY, (d) => (d.proxy_enabled = false)),
      { field: 'proxy_enabled', description: 'must be true: every provider is called through the proxy' },
    ],
    ['missing display_name', variant(ATTENTION_API_KEY, (d) => delete d.display_name), { field: 'display_name', description: 'is required' }],
    [
      'unknown nested property',
      variant(ATTENTION_API_KEY, (d) => (d.auth_patterns[0].foo = 1)),
      { field: 'auth_patterns[0].foo', description: 'is not a recognised field' },
    ],
    ['unknown top-level property', variant(ATTENTION_API_KEY, (d) => (d.base_url = 'x')), { field: 'base_url', description: 'is not a recognised field' }],
    [
      'duplicate field_name',
      variant(FRESHDESK_BASIC, (d) => d.auth_patterns[0].fields.push({ field_name: 'domain', label: 'Again' })),
      { field: 'auth_patterns[0].fields[2].field_name', description: "duplicates field 'domain' already declared at auth_patterns[0].fields[0].field_name" },
    ],
    [
      'BASIC without username',
      variant(FRESHDESK_BASIC, (d) => (d.auth_patterns[0].fields[1].field_name = 'api_key')),
      { field: 'auth_patterns[0].fields', description: "must declare a 'username' field for BASIC auth" },
    ],
    [
      'BEARER without token',
      variant(BEARER_TOKEN, (d) => (d.auth_patterns[0].fields[0].field_name = 'secret')),
      { field: 'auth_patterns[0].fields', description: "must declare a 'token' field for BEARER auth" },
    ],
    [
      'mutation naming an unknown field',
      variant(FRESHDESK_BASIC, (d) => (d.auth_patterns[0].auth_field_mutations = [{ field_name: 'secret', default_value: 'X' }])),
      { field: 'auth_patterns[0].auth_field_mutations[0].field_name', description: 'names no field declared in auth_patterns[0]' },
    ],
    [
      'oauth_config on a BASIC pattern',
      variant(FRESHDESK_BASIC, (d) => (d.auth_patterns[0].oauth_config = structuredClone(ASANA_OAUTH.auth_patterns[0].oauth_config))),
      { field: 'auth_patterns[0].oauth_config', description: 'is only allowed when type is OAUTH' },
    ],
    [
      'OAUTH without oauth_config',
      variant(ASANA_OAUTH, (d) => delete d.auth_patterns[0].oauth_config),
      { field: 'auth_patterns[0].oauth_config', description: 'is required when type is OAUTH' },
    ],
    [
      'duplicate scope',
      variant(ASANA_OAUTH, (d) => d.auth_patterns[0].oauth_config.available_scopes.push({ scope: 'email' })),
      { field: 'auth_patterns[0].oauth_config.available_scopes[2].scope', description: "duplicates scope 'email'" },
    ],
    [
      'oauth URI template not in account_fields',
      variant(ASANA_OAUTH, (d) => (d.auth_patterns[0].oauth_config.authorize_uri = 'https://{{shop}}.myshopify.com/admin/oauth/authorize')),
      { field: 'auth_patterns[0].oauth_config.authorize_uri', description: 'template {{shop}} names no account_field declared in auth_patterns[0]' },
    ],
    [
      'authorize_params overriding redirect_uri',
      variant(ASANA_OAUTH, (d) => (d.auth_patterns[0].oauth_config.authorize_params = { redirect_uri: 'https://app.asana.com/x' })),
      { field: 'auth_patterns[0].oauth_config.authorize_params.redirect_uri', description: 'is set by the OAuth flow and cannot be overridden' },
    ],
    [
      'too many auth patterns',
      variant(ATTENTION_API_KEY, (d) => (d.auth_patterns = Array(6).fill(d.auth_patterns[0]))),
      { field: 'auth_patterns', description: 'must contain at most 5 items' },
    ],
    ['empty auth_patterns', variant(ATTENTION_API_KEY, (d) => (d.auth_patterns = [])), { field: 'auth_patterns', description: 'must contain at least 1 item' }],
    [
      'bad header override',
      variant(ATTENTION_API_KEY, (d) => (d.auth_patterns[0].auth_header_key_override = 'X API Key')),
      { field: 'auth_patterns[0].auth_header_key_override', description: 'must be a header name made of letters, digits and -' },
    ],
    [
      'header override on a proxy-controlled header',
      variant(ATTENTION_API_KEY, (d) => (d.auth_patterns[0].auth_header_key_override = 'Host')),
      { field: 'auth_patterns[0].auth_header_key_override', description: "must not be 'Host': the proxy controls that header" },
    ],
    [
      'malformed template',
      variant(FRESHDESK_BASIC, (d) => (d.proxy_url = 'https://{{ Domain }}/api')),
      { field: 'proxy_url', description: 'contains a malformed template {{ Domain }}: use {{field_name}}' },
    ],
    [
      'bad field_name',
      variant(BEARER_TOKEN, (d) => (d.auth_patterns[0].fields[0].field_name = 'Token')),
      { field: 'auth_patterns[0].fields[0].field_name', description: 'must start with a lowercase letter and contain only a-z, 0-9 and _' },
    ],
    [
      'account_field_paths naming an undeclared account field',
      variant(ASANA_OAUTH, (d) => (d.auth_patterns[0].oauth_config.token_response = { account_field_paths: { instance_host: 'instance_url|host' } })),
      { field: 'auth_patterns[0].oauth_config.token_response.account_field_paths.instance_host', description: 'names no account_field declared in auth_patterns[0]' },
    ],
  ];
  for (const [name, input, expected] of cases) {
    it(`refuses ${name}`, () => {
      const violations = violationsOf(input);
      expect(violations).toContainEqual(expected);
    });
  }

  it('lists every problem at once, and the message names each field', () => {
    const input = variant(ASANA_OAUTH, (d) => {
      delete d.display_name;
      d.proxy_enabled = false;
      d.auth_patterns[0].oauth_config.token_uri = 'ftp://app.asana.com/token';
      d.auth_patterns.push({ type: 'TOKEN', display_name: 'x' });
    });
    let err: DomainError | undefined;
    try {
      validateProviderDefinition(input);
    } catch (e) {
      err = e as DomainError;
    }
    expect(err?.violations.map((v) => v.field).sort()).toEqual(
      ['auth_patterns[0].oauth_config.token_uri', 'auth_patterns[1].type', 'display_name', 'proxy_enabled'].sort(),
    );
    expect(err?.message).toContain('auth_patterns[1].type must be one of OAUTH, BASIC, BEARER, API_KEY');
  });

  it('refuses a non-object body', () => {
    expect(violationsOf('nope')).toEqual([{ field: '(root)', description: 'must be an object' }]);
  });

  it('accepts a BASIC password mutation without declaring password, and a template declared as an account field', () => {
    const out = validateProviderDefinition(
      variant(FRESHDESK_BASIC, (d) => (d.auth_patterns[0].auth_field_mutations = [{ field_name: 'password', default_value: 'X' }])),
    );
    expect(out.auth_patterns[0].auth_field_mutations).toEqual([{ field_name: 'password', default_value: 'X' }]);
  });
});

describe('resolveOAuthConfig', () => {
  it('fills every documented default', () => {
    const cfg = validateProviderDefinition(ASANA_OAUTH).auth_patterns[0].oauth_config!;
    const r = resolveOAuthConfig(cfg);
    expect(r.pkce).toBe(true);
    expect(r.token_endpoint_auth_method).toBe('client_secret_post');
    expect(r.scope_separator).toBe(' ');
    expect(r.scope_param).toBe('scope');
    expect(r.token_response).toEqual({
      access_token_path: 'access_token',
      refresh_token_path: 'refresh_token',
      expires_in_path: 'expires_in',
      scope_path: 'scope',
      account_field_paths: {},
    });
    expect(r.refresh_uri).toBe('https://app.asana.com/-/oauth_token');
    expect(r.user_info_id_path).toBe(DEFAULTS.oauth.user_info_id_path);
    expect(r.user_info_method).toBe('GET');
    expect(r.refresh_token_rotates).toBe(false);
  });

  it('keeps explicit values', () => {
    const cfg = { ...ASANA_OAUTH.auth_patterns[0].oauth_config, pkce: false, scope_separator: ',', token_response: { access_token_path: 'authed_user.access_token' } };
    const r = resolveOAuthConfig(cfg as any);
    expect([r.pkce, r.scope_separator, r.token_response.access_token_path, r.token_response.refresh_token_path]).toEqual([
      false,
      ',',
      'authed_user.access_token',
      'refresh_token',
    ]);
  });
});

describe('readResponsePath', () => {
  const body = { authed_user: { access_token: 'xoxp-1', id: 42 }, instance_url: 'https://acme.my.salesforce.com' };
  it('reads dotted paths and stringifies numbers', () => {
    expect(readResponsePath(body, 'authed_user.access_token')).toBe('xoxp-1');
    expect(readResponsePath(body, 'authed_user.id')).toBe('42');
    expect(readResponsePath(body, 'authed_user.missing')).toBeUndefined();
  });
  it('extracts a host with |host', () => {
    expect(readResponsePath(body, 'instance_url|host')).toBe('acme.my.salesforce.com');
    expect(readResponsePath({ instance_url: 'not a url' }, 'instance_url|host')).toBeUndefined();
  });
});

describe('templates', () => {
  it('lists template fields, tolerating whitespace', () => {
    expect(templateFields('https://{{ subdomain }}.zendesk.com/{{version}}/{{subdomain}}')).toEqual(['subdomain', 'version']);
  });

  it('fills a host template with a plain domain', () => {
    expect(fillTemplate('https://{{domain}}/api', { domain: 'acme.freshdesk.com' })).toBe('https://acme.freshdesk.com/api');
    expect(fillTemplate('https://{{ subdomain }}.zendesk.com/api/v2', { subdomain: 'acme' })).toBe('https://acme.zendesk.com/api/v2');
  });

  for (const bad of ['evil.com/x', 'a@b', 'a b', 'evil.com#', 'evil.com?x=1', 'a\\b', 'a\nb']) {
    it(`refuses the value ${JSON.stringify(bad)}`, () => {
      let err: DomainError | undefined;
      try {
        fillTemplate('https://{{domain}}/api', { domain: bad });
      } catch (e) {
        err = e as DomainError;
      }
      expect(err).toBeInstanceOf(DomainError);
      expect(err?.code).toBe('failed_precondition');
      expect(err?.reason).toBe('TEMPLATE_VALUE_REFUSED');
      expect(err?.message).not.toContain(bad);
    });
  }

  it('names the missing field', () => {
    expect(() => fillTemplate('https://{{domain}}/api', {})).toThrow(/template field 'domain' has no value/);
    try {
      fillTemplate('https://{{domain}}/api', {});
    } catch (e) {
      expect((e as DomainError).code).toBe('failed_precondition');
    }
  });

  it('allows / after the host only with allowPath, never in the host and never ..', () => {
    expect(fillTemplate('https://api.acme.io/{{p}}', { p: 'v1/items' }, { allowPath: true })).toBe('https://api.acme.io/v1/items');
    expect(() => fillTemplate('https://api.acme.io/{{p}}', { p: 'v1/items' })).toThrow(DomainError);
    expect(() => fillTemplate('https://{{h}}/x', { h: 'evil.com/x' }, { allowPath: true })).toThrow(DomainError);
    expect(() => fillTemplate('https://api.acme.io/{{p}}', { p: '../admin' }, { allowPath: true })).toThrow(DomainError);
  });
});

describe('OAuth URIs with templated hosts', () => {
  const withTokenUri = (token_uri: string) => ({
    display_name: 'Tpl',
    auth_patterns: [{
      type: 'OAUTH', display_name: 'OAuth',
      account_fields: [{ field_name: 'shop', label: 'Shop', input_type: 'text', required: true }],
      oauth_config: { authorize_uri: 'https://{{shop}}.myshopify.com/admin/oauth/authorize', token_uri, available_scopes: [] },
    }],
    proxy_url: 'https://api.example-provider.com',
    proxy_enabled: true,
  });

  it('accepts a label under a fixed domain', () => {
    expect(() => validateProviderDefinition(withTokenUri('https://{{shop}}.myshopify.com/admin/oauth/access_token'))).not.toThrow();
  });

  it('refuses a host the end user could choose, since the client secret is sent there', () => {
    for (const uri of ['https://{{shop}}/oauth/token', 'https://{{shop}}.com/oauth/token', 'https://auth.{{shop}}/token']) {
      try {
        validateProviderDefinition(withTokenUri(uri));
        expect.unreachable(`accepted ${uri}`);
      } catch (e) {
        expect((e as DomainError).violations.map((v) => v.field)).toContain('auth_patterns[0].oauth_config.token_uri');
        expect((e as DomainError).message).toContain('may template a host only as a label under a fixed domain');
      }
    }
  });
});
