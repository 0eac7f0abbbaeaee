import fs from 'node:fs';
import path from 'node:path';
import { parseEnv } from 'node:util';
import { loadConfig, type Config } from './load-config.js';
import { readServerRecord, serverRecordPath, type ServerRecord } from './server-record.js';
import { SettingsError } from './settings-error.js';
import { workingDirectory } from './working-directory.js';

export type SettingSource = 'the environment' | '.env' | 'the server record' | 'the default';

export interface Settings {
  readonly config: Config;
  /** The directory whose `.env` and `.latchkey/server.json` were looked at. */
  readonly workDir: string;
  readonly envFile: string;
  readonly envFileFound: boolean;
  readonly recordFile: string;
  /** The server's record, when this command reads it (every command but `serve`) and it exists. */
  readonly record: ServerRecord | undefined;
  readonly sourceOf: (variable: string) => SettingSource;
  /** Things the user should know, such as `.env` edits a running server has not picked up. */
  readonly notes: string[];
}

/** Relative paths mean the working directory, not the package root `npm run` changes to. */
const PATH_VARIABLES = ['DATA_DIR', 'TLS_CERT_FILE', 'TLS_KEY_FILE', 'UPSTREAM_CA_FILE'];
/** What the server records for the CLI (see server-record.ts). */
const RECORDED_VARIABLES = ['DATA_DIR', 'PUBLIC_URL'] as const;

/**
 * One source of settings for the server and the CLI. Lowest to highest precedence: defaults,
 * `<working directory>/.env`, for CLI commands the server's record (what the server last started
 * here actually uses), then real environment variables. Empty values count as unset.
 */
export function loadSettings(opts: { useServerRecord: boolean; env?: NodeJS.ProcessEnv; cwd?: string }): Settings {
  const env = opts.env ?? process.env;
  const workDir = workingDirectory(env, opts.cwd);
  const envFile = path.join(workDir, '.env');
  const fromFile = readEnvFile(envFile);
  const record = opts.useServerRecord ? readServerRecord(workDir) : undefined;

  const merged: Record<string, string> = {};
  const sources = new Map<string, SettingSource>();
  const layer = (vars: NodeJS.Dict<string>, source: SettingSource) => {
    for (const [name, value] of Object.entries(vars)) {
      if (value === undefined || value === '') continue;
      merged[name] = PATH_VARIABLES.includes(name) ? path.resolve(workDir, value) : value;
      sources.set(name, source);
    }
  };
  layer(fromFile ?? {}, '.env');
  const notes = record ? staleEnvFileNotes(merged, record, env) : [];
  if (record) layer({ DATA_DIR: record.DATA_DIR, PUBLIC_URL: record.PUBLIC_URL }, 'the server record');
  layer(env, 'the environment');
  merged.DATA_DIR ??= path.join(workDir, 'data');

  return {
    config: loadConfig(merged),
    workDir,
    envFile,
    envFileFound: fromFile !== undefined,
    recordFile: serverRecordPath(workDir),
    record,
    sourceOf: (variable) => sources.get(variable) ?? 'the default',
    notes,
  };
}

function readEnvFile(file: string): NodeJS.Dict<string> | undefined {
  try {
    return parseEnv(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return undefined;
    throw new SettingsError(`cannot read ${file} (${code ?? (err as Error).message})`);
  }
}

/** `.env` values the running server does not use yet (it records what it started with). */
function staleEnvFileNotes(fromFile: Record<string, string>, record: ServerRecord, env: NodeJS.ProcessEnv): string[] {
  const strip = (v: string) => v.replace(/\/+$/, '');
  return RECORDED_VARIABLES.filter((name) => fromFile[name] !== undefined && !env[name] && strip(fromFile[name]) !== strip(record[name])).map(
    (name) =>
      `.env sets ${name}=${fromFile[name]}, but the server started here at ${record.startedAt} uses ${record[name]}; using that. ` +
      `Restart the server to apply .env.`,
  );
}
