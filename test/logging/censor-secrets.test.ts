import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/logger.js';
import { censorSecrets } from '../../src/logging/censor-secrets.js';

/** The logger's redaction, as a log line shows it. (No storage here, so no dialect loop.) */
describe('log redaction', () => {
  const capture = () => {
    const lines: string[] = [];
    const log = createLogger('info', new Writable({ write: (c, _e, cb) => (lines.push(c.toString()), cb()) }) as never);
    return { log, lines };
  };

  it('censors secret keys at the top level and two levels down, in line objects and child bindings', () => {
    const { log, lines } = capture();
    log.child({ requestId: 'r1', token: 'CHILD-SECRET' }).info({
      authorization: 'Bearer S1', headers: { cookie: 'S2', accept: 'json' }, a: { b: { password: 'S3', keep: 1 } }, 'set-cookie': 'S4',
    }, 'line');
    const out = lines.join('');
    for (const s of ['CHILD-SECRET', 'S1', 'S2', 'S3', 'S4']) expect(out).not.toContain(s);
    expect(JSON.parse(out)).toMatchObject({ requestId: 'r1', token: '[redacted]', headers: { cookie: '[redacted]', accept: 'json' }, a: { b: { password: '[redacted]', keep: 1 } } });
  });

  it("keeps errors readable (message, stack) while censoring their fields, and never changes the caller's object", () => {
    const { log, lines } = capture();
    const err = Object.assign(new Error('boom'), { code: 'SECRET_CODE', detail: { api_key: 'K1' } });
    const obj = { err, body: { access_token: 'T1' } };
    log.warn(obj, 'failed');
    const line = JSON.parse(lines[0]);
    expect(line.err).toMatchObject({ type: 'Error', message: 'boom', code: '[redacted]', detail: { api_key: '[redacted]' } });
    expect(line.err.stack).toContain('boom');
    expect(line.body.access_token).toBe('[redacted]');
    expect(err.code).toBe('SECRET_CODE');
    expect(obj.body.access_token).toBe('T1');
  });

  it('returns an object without secrets as it is (no copy)', () => {
    const clean = { tool: 'x', nested: { a: [1, 2] } };
    expect(censorSecrets(clean)).toBe(clean);
  });
});
