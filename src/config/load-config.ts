import fs from 'node:fs';
import path from 'node:path';
import { Resolver } from 'node:dns';

/** Validated, frozen start-up configuration. Every field maps to one environment variable. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly databaseUrl: string | undefined;
  readonly masterKey: string | undefined;
  readonly production: boolean;
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  readonly tlsCertFile: string | undefined;
  readonly tlsKeyFile: string | undefined;
  readonly accessTokenTtlSeconds: number;
  /** How often a running server re-reads data and signing keys rotated by another process. */
  readonly keyReloadIntervalSeconds: number;
  readonly maxBodyBytes: number;
  /** Largest request body the Tool Proxy streams upstream (`/proxy/*`; other routes use maxBodyBytes). */
  readonly proxyMaxBodyBytes: number;
  readonly shutdownGraceMs: number;
  /** Days a Tool Proxy audit row is kept; 0 keeps them forever. */
  readonly proxyAuditRetentionDays: number;
  /** Days a tool execution record is kept; 0 keeps them forever. */
  readonly toolExecutionRetentionDays: number;
  /** Longest time a client may take to send a whole request, except `/proxy` uploads (bounded by their connection's timeout instead). */
  readonly requestTimeoutMs: number;
  /** PEM file of extra CAs trusted for outbound HTTPS (private upstreams, tests). */
  readonly upstreamCaFile: string | undefined;
  /** DNS servers (`host[:port]`, comma-separated) for domain verification; unset uses the system's. */
  readonly dnsServers: readonly string[] | undefined;
  /** smtp:// or smtps:// URL of the server that sends invitations; unset keeps emails in the outbox (`latchkey emails list`). */
  readonly smtpUrl: string | undefined;
  /** The From address of every email. */
  readonly emailFrom: string;
  /** Browser origins allowed to call the MCP endpoints (MCP_ALLOWED_ORIGINS; PUBLIC_URL's origin always is). */
  readonly mcpAllowedOrigins: readonly string[];
  /** Tools per MCP tools/list page (MCP_TOOLS_PAGE_SIZE). */
  readonly mcpToolsPageSize: number;
  /** App sign-in sessions of organizations without a CUSTOM session policy: lifetime, and idle timeout (0: none). */
  readonly sessionAbsoluteTimeoutMinutes: number;
  readonly sessionIdleTimeoutMinutes: number;
  /** App sign-in: a refresh arriving this soon after its token rotated fails without revoking the family (a concurrent duplicate). */
  readonly refreshReuseGraceSeconds: number;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

function intVar(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max) {
    problems.push(`${name} must be an integer between ${min} and ${max} (got '${raw}')`);
    return fallback;
  }
  return n;
}

/** Reads the environment once at start; collects every problem so one restart fixes them all. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const problems: string[] = [];
  const port = intVar(env, 'PORT', 8080, 0, 65535, problems);
  const host = env.HOST || '0.0.0.0';
  const production = env.NODE_ENV === 'production' || env.LATCHKEY_ENV === 'production';

  let publicUrl = env.PUBLIC_URL || `http://localhost:${port}`;
  try {
    const u = new URL(publicUrl);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') problems.push(`PUBLIC_URL must be an http(s) URL (got '${publicUrl}')`);
    if (u.search || u.hash) problems.push('PUBLIC_URL must not carry a query string or fragment');
    publicUrl = publicUrl.replace(/\/+$/, '');
  } catch {
    problems.push(`PUBLIC_URL must be an absolute URL such as https://latchkey.example.com (got '${publicUrl}')`);
  }

  const databaseUrl = env.DATABASE_URL || undefined;
  if (databaseUrl !== undefined) {
    let ok = false;
    try {
      const u = new URL(databaseUrl);
      ok = u.protocol === 'postgres:' || u.protocol === 'postgresql:';
    } catch {
      ok = false;
    }
    // The URL may hold a password: never echo it back.
    if (!ok) problems.push('DATABASE_URL must be a postgres:// or postgresql:// URL (leave it unset for the embedded SQLite database)');
  }

  const masterKey = env.LATCHKEY_MASTER_KEY || undefined;
  if (masterKey !== undefined && !isValidMasterKey(masterKey)) {
    problems.push('LATCHKEY_MASTER_KEY must be 32 random bytes, as 64 hex characters or base64 (generate one with: openssl rand -base64 32)');
  }
  if (production && masterKey === undefined) {
    problems.push('LATCHKEY_MASTER_KEY is required when NODE_ENV=production (a generated key file is for development only)');
  }

  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel'];
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')} (got '${env.LOG_LEVEL}')`);

  const tlsCertFile = env.TLS_CERT_FILE || undefined;
  const tlsKeyFile = env.TLS_KEY_FILE || undefined;
  if ((tlsCertFile === undefined) !== (tlsKeyFile === undefined)) problems.push('TLS_CERT_FILE and TLS_KEY_FILE must be set together');

  if (env.UPSTREAM_CA_FILE && !fs.existsSync(env.UPSTREAM_CA_FILE)) problems.push(`UPSTREAM_CA_FILE names a file that does not exist (${env.UPSTREAM_CA_FILE})`);

  const dnsServers = env.DNS_SERVERS ? env.DNS_SERVERS.split(',').map((x) => x.trim()).filter(Boolean) : undefined;
  try {
    if (dnsServers) new Resolver().setServers(dnsServers);
  } catch (err) {
    problems.push(`DNS_SERVERS must be comma-separated addresses such as 127.0.0.1:5353,[::1]:53 (${(err as Error).message})`);
  }

  const smtpUrl = env.SMTP_URL || undefined;
  if (smtpUrl !== undefined) {
    let ok = false;
    try {
      ok = ['smtp:', 'smtps:'].includes(new URL(smtpUrl).protocol);
    } catch {
      ok = false;
    }
    // The URL may hold a password: never echo it back.
    if (!ok) problems.push('SMTP_URL must be an smtp:// or smtps:// URL such as smtps://user:password@smtp.example.com:465 (leave it unset to keep emails in the outbox)');
  }
  const emailFrom = env.EMAIL_FROM || `Latchkey <no-reply@${hostOf(publicUrl)}>`;
  if (!/^[^\r\n]*<?[^\s@<>]+@[^\s@<>]+>?$/.test(emailFrom)) problems.push(`EMAIL_FROM must be an address such as "Acme <no-reply@acme.com>" (got '${env.EMAIL_FROM}')`);

  const config: Config = {
    port,
    host,
    publicUrl,
    dataDir: path.resolve(env.DATA_DIR || './data'),
    databaseUrl,
    masterKey,
    production,
    logLevel,
    tlsCertFile,
    tlsKeyFile,
    accessTokenTtlSeconds: intVar(env, 'ACCESS_TOKEN_TTL_SECONDS', 3600, 60, 86400, problems),
    keyReloadIntervalSeconds: intVar(env, 'KEY_RELOAD_INTERVAL_SECONDS', 60, 1, 3600, problems),
    maxBodyBytes: intVar(env, 'MAX_BODY_BYTES', 1024 * 1024, 1024, 1024 * 1024 * 1024, problems),
    proxyMaxBodyBytes: intVar(env, 'PROXY_MAX_BODY_BYTES', 50 * 1024 * 1024, 1024, 16 * 1024 * 1024 * 1024, problems),
    shutdownGraceMs: intVar(env, 'SHUTDOWN_GRACE_MS', 10_000, 0, 600_000, problems),
    proxyAuditRetentionDays: intVar(env, 'PROXY_AUDIT_RETENTION_DAYS', 30, 0, 3650, problems),
    toolExecutionRetentionDays: intVar(env, 'TOOL_EXECUTION_RETENTION_DAYS', 30, 0, 3650, problems),
    requestTimeoutMs: intVar(env, 'REQUEST_TIMEOUT_MS', 120_000, 1000, 3_600_000, problems),
    upstreamCaFile: env.UPSTREAM_CA_FILE || undefined,
    dnsServers: dnsServers?.length ? Object.freeze(dnsServers) : undefined,
    smtpUrl,
    emailFrom,
    mcpAllowedOrigins: mcpOrigins(env.MCP_ALLOWED_ORIGINS, publicUrl, problems),
    mcpToolsPageSize: intVar(env, 'MCP_TOOLS_PAGE_SIZE', 50, 1, 100, problems),
    sessionAbsoluteTimeoutMinutes: intVar(env, 'SESSION_ABSOLUTE_TIMEOUT_MINUTES', 7 * 1440, 1, 365 * 1440, problems),
    sessionIdleTimeoutMinutes: intVar(env, 'SESSION_IDLE_TIMEOUT_MINUTES', 0, 0, 365 * 1440, problems),
    refreshReuseGraceSeconds: intVar(env, 'REFRESH_TOKEN_REUSE_GRACE_SECONDS', 2, 0, 300, problems),
  };
  if (config.sessionIdleTimeoutMinutes > config.sessionAbsoluteTimeoutMinutes) problems.push('SESSION_IDLE_TIMEOUT_MINUTES must not be longer than SESSION_ABSOLUTE_TIMEOUT_MINUTES');
  if (problems.length) throw new ConfigError(problems);
  return Object.freeze(config);
}

function hostOf(url: string): string {
  try {
    return new URL(url).hostname || 'localhost';
  } catch {
    return 'localhost';
  }
}

/** MCP_ALLOWED_ORIGINS: comma-separated origins (`https://app.example.com`), each exactly scheme://host[:port]. */
function mcpOrigins(raw: string | undefined, publicUrl: string, problems: string[]): string[] {
  const origins = new Set<string>();
  try {
    origins.add(new URL(publicUrl).origin);
  } catch {
    // PUBLIC_URL's own problem is reported already.
  }
  for (const item of (raw ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
    let origin: string | undefined;
    try {
      origin = new URL(item).origin;
    } catch {
      origin = undefined;
    }
    if (!origin || origin === 'null' || origin !== item.replace(/\/+$/, '')) problems.push(`MCP_ALLOWED_ORIGINS must list origins such as https://app.example.com, without a path (got '${item.slice(0, 100)}')`);
    else origins.add(origin);
  }
  return Object.freeze([...origins]) as string[];
}

export function isValidMasterKey(value: string): boolean {
  return decodeMasterKey(value) !== undefined;
}

/** Accepts 64 hex chars or base64/base64url of exactly 32 bytes. */
export function decodeMasterKey(value: string): Buffer | undefined {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(v)) {
    const b = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (b.length === 32) return b;
  }
  return undefined;
}
