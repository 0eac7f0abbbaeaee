import type { Config } from '../config/load-config.js';
import type { Logger } from '../logging/logger.js';
import { startServer } from '../app.js';
import { credentialLines } from '../server/bootstrap.js';
import { writeServerRecord } from '../config/server-record.js';

/** `latchkey serve` (npm start): runs the server and records its settings for the CLI in `workDir`. */
export async function serveCommand(config: Config, log: Logger, workDir: string): Promise<void> {
  const server = await startServer(config, log);
  try {
    const file = writeServerRecord(workDir, config);
    log.info({ file, dataDir: config.dataDir, publicUrl: config.publicUrl }, 'recorded the data directory and public URL for CLI commands run in this directory');
  } catch (err) {
    // A read-only working directory must not stop the server; CLI commands then need the same settings.
    log.warn({ err: (err as Error).message }, 'could not record settings for the CLI; give CLI commands the same DATA_DIR and PUBLIC_URL');
  }
  if (server.firstClient) {
    // Deliberately on stdout, not the log: the secret is shown this once and never logged.
    process.stdout.write(
      `\nFirst start: created environments 'development' and 'production' and an API client for development.\n` +
        `Paste these lines into your app's .env (the secret is not shown again):\n\n` +
        credentialLines(config.publicUrl, server.firstClient) +
        `\n\nMore clients (run it in ${workDir}, where this server recorded its settings):\n` +
        `  npx latchkey clients create --env <development|production>\n\n`,
    );
  }
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'draining in-flight requests');
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
