import { pino, type Logger, type DestinationStream } from 'pino';
import { CENSOR, SECRET_KEYS, censorSecrets } from './censor-secrets.js';

export type { Logger };

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'latchkey' },
      // Secrets censored by key in each line's object, two levels down (censor-secrets.ts), and in
      // child bindings (flat ids) by pino's top-level paths, which cost nothing like its wildcards did.
      formatters: { log: (obj) => censorSecrets(obj) },
      redact: { paths: SECRET_KEYS.map((k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`)), censor: CENSOR },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
