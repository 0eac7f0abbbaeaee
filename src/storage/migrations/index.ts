import type { Migration, MigrationProvider } from 'kysely';
import * as m0001 from './0001-foundation.js';
import * as m0002 from './0002-providers-connections.js';
import * as m0003 from './0003-connected-accounts.js';
import * as m0004 from './0004-proxy-audit.js';
import * as m0005 from './0005-admin-sessions.js';
import * as m0006 from './0006-proxy-audit-compact.js';
import * as m0007 from './0007-tool-executions.js';
import * as m0008 from './0008-tool-modifiers.js';
import * as m0009 from './0009-accounts-by-identifier.js';
import * as m0010 from './0010-custom-tools.js';
import * as m0011 from './0011-mcp.js';
import * as m0012 from './0012-users.js';
import * as m0013 from './0013-roles-domains-tokens.js';
import * as m0015 from './0015-mcp-oauth.js';
import * as m0016 from './0016-passwordless.js';
import * as m0017 from './0017-user-sessions.js';
import * as m0018 from './0018-social-login.js';
import * as m0019 from './0019-hosted-login.js';
import * as m0020 from './0020-app-signin.js';

/**
 * Append only: a new migration's number must be above every existing one. Kysely refuses to apply a
 * migration that sorts before one a database has already run (0014 is unused for that reason).
 * They live in code (not scanned from disk) so `tsx` and the compiled build see the same list.
 */
const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-providers-connections': m0002,
  '0003-connected-accounts': m0003,
  '0004-proxy-audit': m0004,
  '0005-admin-sessions': m0005,
  '0006-proxy-audit-compact': m0006,
  '0007-tool-executions': m0007,
  '0008-tool-modifiers': m0008,
  '0009-accounts-by-identifier': m0009,
  '0010-custom-tools': m0010,
  '0011-mcp': m0011,
  '0012-users': m0012,
  '0013-roles-domains-tokens': m0013,
  '0015-mcp-oauth': m0015,
  '0016-passwordless': m0016,
  '0017-user-sessions': m0017,
  '0018-social-login': m0018,
  '0019-hosted-login': m0019,
  '0020-app-signin': m0020,
};

export const migrationProvider: MigrationProvider = {
  getMigrations: async () => migrations,
};
