import { pino, type Logger, type DestinationStream } from 'pino';

export type { Logger };

// Any key with one of these names is censored wherever it sits (top level or one/two levels deep).
const SECRET_KEYS = [
  'authorization', 'cookie', 'set-cookie', 'password', 'client_secret', 'clientSecret', 'secret',
  'access_token', 'accessToken', 'refresh_token', 'refreshToken', 'id_token', 'token', 'api_key',
  'apiKey', 'code', 'code_verifier', 'masterKey', 'databaseUrl', 'DATABASE_URL',
];

const redactPaths = SECRET_KEYS.flatMap((k) => {
  const key = /^[A-Za-z_$][\w$]*$/.test(k) ? k : `["${k}"]`;
  const join = (prefix: string) => (key.startsWith('[') ? `${prefix}${key}` : `${prefix}.${key}`);
  return [key, join('*'), join('*.*')];
});

export function createLogger(level: string, destination?: DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'latchkey' },
      redact: { paths: redactPaths, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
