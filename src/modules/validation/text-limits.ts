/**
 * The longest value each free-text input may carry, by wire field name (the README's "Input limits"
 * table is this file). Every RPC request and plain REST query is checked against it before a handler
 * runs, so no unbounded string reaches SQL (SQLite refuses LIKE patterns over 50,000 bytes) or a log.
 */
export const TEXT_LIMITS: Readonly<Record<string, number>> = Object.freeze({
  query: 256,
  page_token: 512,
  // Ids Latchkey issues (org_…, ca_…, conn_…, req_…); connection_id also takes a connection name.
  id: 64,
  connection_id: 64,
  auth_request_id: 64,
  link_id: 64,
  external_id: 255,
  identifier: 255,
  organization_id: 255,
  user_id: 255,
  display_name: 200,
  name: 64,
  connector: 64,
  connection_name: 64,
  connection_names: 64,
  key_id: 64,
  provider: 64,
  provider_key: 64,
  provider_type: 64,
  slug: 64,
  domain: 255,
  state: 1024,
  scopes: 256,
  client_id: 512,
  client_secret: 4096,
  access_token: 16384,
  refresh_token: 16384,
});

/** Any field whose name ends so is a URL. */
export const URL_LIMIT = 2048;
/** Every other string field. */
export const DEFAULT_TEXT_LIMIT = 1024;
/** Items of one repeated field (scopes, connection_names, features …). */
export const MAX_LIST_ITEMS = 100;

/**
 * Maps and JSON objects whose keys are the caller's own: their keys are not field names, so each
 * string inside gets the value limit here; keys get OPAQUE_KEY_LIMIT, and each object at most
 * MAX_OPAQUE_KEYS keys. Domain validators narrow some further (metadata: 50 keys of 64 characters).
 */
export const OPAQUE_VALUE_LIMITS: Readonly<Record<string, number>> = Object.freeze({
  metadata: 1024,
  details: 8192,
  api_config: 16384,
  extra_authorize_params: 1000,
  attribute_mapping: 1024,
  static_config: 1024,
  context: 1024,
  // ExecuteTool's input: each tool's input_schema bounds its own fields (an email body, a file's text).
  params: 1_000_000,
  // A custom tool's definition (CreateTool/UpdateTool): its implementation is source text; the tool validator bounds each field.
  definition: 262_144,
});
export const OPAQUE_KEY_LIMIT = 128;
export const MAX_OPAQUE_KEYS = 100;

/** The limit of a string field, by its wire name. */
export function textLimitOf(fieldName: string): number {
  return TEXT_LIMITS[fieldName] ?? (/_(url|uri)$|^(url|uri)$/.test(fieldName) ? URL_LIMIT : DEFAULT_TEXT_LIMIT);
}
