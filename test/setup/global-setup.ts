import { ensureBrowser } from './install-browser.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { wantedDialects } from './wanted-dialects.js';

/**
 * Brings up what the suite needs on a bare machine: a Chromium for the browser tests and, unless
 * TEST_DATABASE_URL names an existing server, a PostgreSQL of its own. The URL reaches the test
 * workers through the environment, which they inherit when they are forked after this runs.
 */
export default async function setup(): Promise<(() => Promise<void>) | void> {
  ensureBrowser();
  if (process.env.TEST_DATABASE_URL || !wantedDialects().includes('postgres')) return;
  const postgres = await startEmbeddedPostgres();
  process.env.TEST_DATABASE_URL = postgres.url;
  return async () => {
    await postgres.stop();
    delete process.env.TEST_DATABASE_URL;
  };
}
