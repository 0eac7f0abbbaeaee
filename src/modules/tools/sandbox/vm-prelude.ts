/**
 * JavaScript evaluated inside each execution's VM before the tool: it builds the seed's `context`
 * around three host functions passed in as arguments (never put on globalThis, so tool code can
 * reach them only through `context`), installs a bounded `console`, and returns `run(impl, json)`,
 * which calls the tool and hands `done` one string: `R<json>` for a result, `E<json>` for an error.
 */
export const VM_PRELUDE = String.raw`(function (hostCall, hostId, hostLog) {
  'use strict';
  // Bound now: the tool may replace globalThis.JSON, but not what the bridge uses.
  const parse = JSON.parse.bind(JSON), stringify = JSON.stringify.bind(JSON);
  class ToolError extends Error {
    constructor(message) { super(message); this.name = new.target.name; }
  }
  class ValidationError extends ToolError {}
  class BusinessLogicError extends ToolError {}
  class ExternalAPIError extends ToolError {}
  class ToolExecutionError extends ToolError {
    constructor(message, code, status) { super(message); this.code = code; this.status = status; }
  }
  const call = (name, args) => hostCall(name, stringify(args === undefined ? null : args)).then(
    (json) => parse(json),
    (failure) => { const f = parse(failure); throw new ToolExecutionError(f.message, f.code, f.status); });
  const pad = (n, w) => String(n).padStart(w, '0');
  function formatDate(date, format) {
    const d = date instanceof Date ? date : new Date(date === undefined ? Date.now() : date);
    if (isNaN(d.getTime())) throw new ValidationError('formatDate: not a date');
    const parts = { YYYY: pad(d.getUTCFullYear(), 4), MM: pad(d.getUTCMonth() + 1, 2), DD: pad(d.getUTCDate(), 2),
      HH: pad(d.getUTCHours(), 2), mm: pad(d.getUTCMinutes(), 2), ss: pad(d.getUTCSeconds(), 2), SSS: pad(d.getUTCMilliseconds(), 3) };
    return format === undefined ? d.toISOString() : String(format).replace(/YYYY|SSS|MM|DD|HH|mm|ss/g, (t) => parts[t]);
  }
  const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
  const context = Object.freeze({
    tools: Object.freeze({ execute: (request) => call('tools.execute', request) }),
    accounts: Object.freeze({ get: (id) => call('accounts.get', id), list: (query) => call('accounts.list', query || {}) }),
    utils: Object.freeze({
      generateId: () => hostId(),
      formatDate,
      isValidEmail: (email) => typeof email === 'string' && email.length <= 254 && EMAIL.test(email),
      httpRequest: (request) => call('utils.httpRequest', request),
    }),
    errors: Object.freeze({ ValidationError, BusinessLogicError, ExternalAPIError }),
  });
  const text = (v) => v instanceof Error ? v.name + ': ' + v.message : typeof v === 'string' ? v : (() => { try { return stringify(v); } catch (e) { return String(v); } })();
  const log = (level) => (...args) => hostLog(level, args.map(text).join(' '));
  globalThis.console = Object.freeze({ log: log('info'), info: log('info'), debug: log('debug'), warn: log('warn'), error: log('error') });
  async function settle(impl, paramsJson) {
    let value;
    try {
      value = await impl(parse(paramsJson), context);
    } catch (e) {
      const err = e instanceof Error ? { name: String(e.name), message: String(e.message), code: e.code, status: e.status } : { name: 'Thrown', message: text(e) };
      return 'E' + stringify(err);
    }
    try {
      return 'R' + stringify(value === undefined ? null : value);
    } catch (e) {
      return 'E' + stringify({ name: 'OutputError', message: 'the returned value is not JSON (' + e.message + ')' });
    }
  }
  // The answer goes to done(), not through a promise the host resolves: the tool may replace globalThis.Promise.
  return function run(impl, paramsJson, done) { settle(impl, paramsJson).then(done); };
})`;
