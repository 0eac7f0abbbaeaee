import { AUTH_TYPES, INPUT_TYPES } from './provider-definition.js';

/**
 * JSON Schema (draft-07, ajv) of a provider definition: structure, types, lengths and defaults.
 * Cross-field rules (templates, credential fields, OAUTH ⇔ oauth_config, uniqueness) live in
 * validate-definition.ts. `errorHint` is a custom annotation: the message shown when `pattern` fails.
 * `format: 'https-url'` and `'endpoint-url'` (https, or http on a loopback host) are registered by
 * the validator (templates are tolerated).
 */

const FIELD_NAME_HINT = 'must start with a lowercase letter and contain only a-z, 0-9 and _';
const HTTPS_URL = { type: 'string', maxLength: 2048, format: 'https-url' } as const;
const ENDPOINT_URL = { type: 'string', maxLength: 2048, format: 'endpoint-url' } as const;
const TEXT = (max: number) => ({ type: 'string', maxLength: max, pattern: '\\S', errorHint: 'must not be blank' }) as const;
const DOTTED_PATH = {
  type: 'string',
  maxLength: 200,
  pattern: '^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*$',
  errorHint: 'must be a dotted path such as authed_user.access_token',
} as const;
const STRING_MAP = { type: 'object', maxProperties: 20, additionalProperties: { type: 'string', maxLength: 500 } } as const;

const fieldSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['field_name', 'label'],
  properties: {
    field_name: { type: 'string', maxLength: 64, pattern: '^[a-z][a-z0-9_]*$', errorHint: FIELD_NAME_HINT },
    label: TEXT(100),
    input_type: { enum: [...INPUT_TYPES], default: 'text' },
    hint: { type: 'string', maxLength: 500 },
    required: { type: 'boolean', default: false },
  },
} as const;

const scopeSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['scope'],
  properties: {
    scope: { type: 'string', minLength: 1, maxLength: 300, pattern: '^\\S+$', errorHint: 'must be a single scope without whitespace' },
    display_name: { type: 'string', maxLength: 100 },
    description: { type: 'string', maxLength: 300 },
    required: { type: 'boolean', default: false },
  },
} as const;

const oauthConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['authorize_uri', 'token_uri'],
  properties: {
    authorize_uri: ENDPOINT_URL,
    token_uri: ENDPOINT_URL,
    user_info_uri: ENDPOINT_URL,
    available_scopes: { type: 'array', maxItems: 200, items: scopeSchema, default: [] },
    pkce: { type: 'boolean' },
    token_endpoint_auth_method: { enum: ['client_secret_post', 'client_secret_basic'] },
    scope_separator: { type: 'string', minLength: 1, maxLength: 3 },
    scope_param: { type: 'string', pattern: '^[a-z][a-z0-9_]*$', maxLength: 64, errorHint: FIELD_NAME_HINT },
    authorize_params: STRING_MAP,
    token_request_params: STRING_MAP,
    token_response: {
      type: 'object',
      additionalProperties: false,
      properties: {
        access_token_path: DOTTED_PATH,
        refresh_token_path: DOTTED_PATH,
        expires_in_path: DOTTED_PATH,
        scope_path: DOTTED_PATH,
        account_field_paths: {
          type: 'object',
          maxProperties: 20,
          additionalProperties: {
            type: 'string',
            maxLength: 200,
            pattern: '^[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*(\\|host)?$',
            errorHint: 'must be a dotted path, optionally ending in |host, such as instance_url|host',
          },
        },
      },
    },
    refresh_token_rotates: { type: 'boolean' },
    refresh_uri: ENDPOINT_URL,
    user_info_id_path: DOTTED_PATH,
    user_info_email_path: DOTTED_PATH,
    user_info_method: { enum: ['GET', 'POST'] },
  },
} as const;

const mutationSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['field_name'],
  properties: {
    field_name: fieldSchema.properties.field_name,
    prefix: { type: 'string', maxLength: 200 },
    suffix: { type: 'string', maxLength: 200 },
    default_value: { type: 'string', maxLength: 500 },
  },
} as const;

const authPatternSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'display_name'],
  properties: {
    type: { enum: [...AUTH_TYPES] },
    display_name: TEXT(100),
    description: { type: 'string', maxLength: 500 },
    fields: { type: 'array', maxItems: 20, items: fieldSchema, default: [] },
    account_fields: { type: 'array', maxItems: 20, items: fieldSchema, default: [] },
    oauth_config: oauthConfigSchema,
    auth_header_key_override: {
      type: 'string',
      maxLength: 64,
      pattern: '^[A-Za-z0-9-]+$',
      errorHint: 'must be a header name made of letters, digits and -',
    },
    auth_field_mutations: { type: 'array', maxItems: 20, items: mutationSchema },
  },
} as const;

export const providerDefinitionSchema = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  $id: 'urn:latchkey:provider-definition',
  type: 'object',
  additionalProperties: false,
  required: ['display_name', 'auth_patterns', 'proxy_url', 'proxy_enabled'],
  properties: {
    key: { type: 'string', maxLength: 64, pattern: '^[a-z0-9_]+$', errorHint: 'must contain only a-z, 0-9 and _' },
    display_name: TEXT(100),
    description: { type: 'string', maxLength: 500 },
    categories: {
      type: 'array',
      maxItems: 10,
      uniqueItems: true,
      items: { type: 'string', maxLength: 40, pattern: '^[a-z0-9_]+$', errorHint: 'must contain only a-z, 0-9 and _' },
    },
    docs_url: { ...HTTPS_URL, pattern: '^[^{}]*$', errorHint: 'must not contain templates' },
    auth_patterns: { type: 'array', minItems: 1, maxItems: 5, items: authPatternSchema },
    proxy_url: ENDPOINT_URL,
    proxy_enabled: { const: true },
    kind: { enum: ['API', 'MCP'] },
  },
} as const;
