/**
 * One "replica" for the cross-process refresh test: its own openCore (storage, vault) and
 * CredentialService, no cache, logs on stderr. Run: node --import tsx test/credentials/refresh-worker.ts
 * Env: the server's DATABASE_URL (or DATA_DIR for SQLite), LATCHKEY_MASTER_KEY, UPSTREAM_CA_FILE,
 * ACCOUNTS = JSON [{ envId, accountId }].
 * stdin `go <n>`: n concurrent getUsable per account, answered on stdout with one JSON line
 * (versions and sha256 of access tokens, never tokens); `exit`: close and exit.
 */
import readline from 'node:readline';
import { loadConfig } from '../../src/config/load-config.js';
import { createLogger } from '../../src/logging/logger.js';
import { openCore } from '../../src/server/core.js';
import { CredentialService } from '../../src/modules/credentials/credential-service.js';
import { createOutboundFetch } from '../../src/modules/egress/outbound-fetch.js';
import { sha256 } from '../helpers/test-utils.js';

const accounts = JSON.parse(process.env.ACCOUNTS ?? '[]') as Array<{ envId: string; accountId: string }>;
const config = loadConfig({ ...process.env, PORT: '0', LOG_LEVEL: 'debug' });
const log = createLogger('debug', process.stderr as never);
const core = await openCore(config, log);
const service = new CredentialService({
  storage: core.storage,
  vault: core.vault,
  log,
  outbound: createOutboundFetch({ upstreamCaFile: config.upstreamCaFile }),
  cacheTtlMs: 0,
});
process.stdout.write('ready\n');

for await (const line of readline.createInterface({ input: process.stdin })) {
  const [command, count] = line.trim().split(' ');
  if (command === 'go') {
    const calls = accounts.flatMap(({ envId, accountId }) =>
      Array.from({ length: Number(count) }, () =>
        service.getUsable(envId, accountId).then(
          (u) => ({ accountId, version: u.version, token: u.credentials.kind === 'oauth' ? sha256(u.credentials.access_token) : '' }),
          (err: Error & { code?: string }) => ({ accountId, error: `${err.code ?? 'error'}: ${err.message}` }),
        ),
      ),
    );
    process.stdout.write(JSON.stringify(await Promise.all(calls)) + '\n');
  } else if (command === 'exit') {
    await core.close();
    process.exit(0);
  }
}
