import type { Config } from '../config/load-config.js';
import type { Logger } from '../logging/logger.js';
import { startServer } from '../app.js';
import { credentialLines } from '../server/bootstrap.js';

export async function serveCommand(config: Config, log: Logger): Promise<void> {
  const server = await startServer(config, log);
  if (server.firstClient) {
    // Deliberately on stdout, not the log: the secret is shown this once and never logged.
    process.stdout.write(
      `\nFirst start: created environments 'development' and 'production' and an API client for development.\n` +
        `Paste these lines into your app's .env (the secret is not shown again):\n\n` +
        credentialLines(config.publicUrl, server.firstClient) +
        `\n\nMore clients: npm run latchkey -- clients create --env <development|production>\n\n`,
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
