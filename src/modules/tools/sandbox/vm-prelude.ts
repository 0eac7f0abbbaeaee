/**
 * JavaScript evaluated inside each execution's VM before the tool: it builds the seed's `context`
 * around four host functions passed in as arguments (never put on globalThis, so tool code can
 * reach them only through `context`), installs a bounded `console`, and returns `run(impl, json)`,
 * which calls the tool and hands `done` one string: `R<json>` for a result, `E<json>` for an error.
 *
 * Kept small on purpose: QuickJS compiles every function of a script when it is evaluated (~7 µs a
 * function, ~30 ns a character in WASM), and this runs once per execution. What most tools never
 * touch — the error classes, formatDate, isValidEmail, console's formatting — is VM_PRELUDE_EXTRAS,
 * which `hostExtras()` evaluates in the same VM the first time the tool reaches for it.
 * The globals the extras build on are bound here, before the tool runs, as they were when the
 * whole prelude was eager: a tool that replaces globalThis.Error later changes neither the error
 * classes nor how its errors are read.
 */
export const VM_PRELUDE = String.raw`(function (hostCall, hostId, hostLog, hostExtras) {
  'use strict';
  // Bound now: the tool may replace globalThis.JSON, but not what the bridge uses.
  const parse = JSON.parse.bind(JSON), stringify = JSON.stringify.bind(JSON);
  const bound = { Error, Date, String, Object, isNaN, stringify };
  let extras;
  const more = () => extras || (extras = hostExtras()(bound));
  const fail = (failure) => { const f = parse(failure); throw new (more().ToolExecutionError)(f.message, f.code, f.status); };
  // One function each for host calls and for extras: every closure below is made at run time, which costs far less than compiling it.
  const via = (name, orEmpty) => (arg) => hostCall(name, stringify(orEmpty ? arg || {} : arg === undefined ? null : arg)).then(parse, fail);
  const lazy = (name) => (a, b) => more()[name](a, b);
  const context = Object.freeze({
    tools: Object.freeze({ execute: via('tools.execute') }),
    accounts: Object.freeze({ get: via('accounts.get'), list: via('accounts.list', true) }),
    utils: Object.freeze({ generateId: () => hostId(), formatDate: lazy('formatDate'), isValidEmail: lazy('isValidEmail'), httpRequest: via('utils.httpRequest') }),
    get errors() { return more().errors; },
  });
  const log = (level) => (...args) => hostLog(level, more().line(args));
  globalThis.console = Object.freeze({ log: log('info'), info: log('info'), debug: log('debug'), warn: log('warn'), error: log('error') });
  // The answer goes to done(), not through a promise the host resolves: the tool may replace globalThis.Promise.
  return async function run(impl, paramsJson, done) {
    let out;
    try {
      let value;
      try {
        value = await impl(parse(paramsJson), context);
      } catch (e) {
        out = 'E' + stringify(e instanceof bound.Error ? { name: bound.String(e.name), message: bound.String(e.message), code: e.code, status: e.status } : { name: 'Thrown', message: more().text(e) });
      }
      if (out === undefined) {
        try {
          out = 'R' + stringify(value === undefined ? null : value);
        } catch (e) {
          out = 'E' + stringify({ name: 'OutputError', message: 'the returned value is not JSON (' + e.message + ')' });
        }
      }
    } catch (e) {
      // What the tool threw could not even be read (a throwing getter): still an answer, not a wait for the wall clock.
      out = 'E{"name":"Thrown","message":"an error that could not be read"}';
    }
    done(out);
  };
})`;

/** The rest of `context`, built on the globals VM_PRELUDE bound before the tool ran. */
export const VM_PRELUDE_EXTRAS = String.raw`(function (bound) {
  'use strict';
  const { Error, Date, String, Object, isNaN, stringify } = bound;
  class ToolError extends Error {
    constructor(message) { super(message); this.name = new.target.name; }
  }
  class ValidationError extends ToolError {}
  class BusinessLogicError extends ToolError {}
  class ExternalAPIError extends ToolError {}
  class ToolExecutionError extends ToolError {
    constructor(message, code, status) { super(message); this.code = code; this.status = status; }
  }
  const pad = (n, w) => String(n).padStart(w, '0');
  function formatDate(date, format) {
    const d = date instanceof Date ? date : new Date(date === undefined ? Date.now() : date);
    if (isNaN(d.getTime())) throw new ValidationError('formatDate: not a date');
    const parts = { YYYY: pad(d.getUTCFullYear(), 4), MM: pad(d.getUTCMonth() + 1, 2), DD: pad(d.getUTCDate(), 2),
      HH: pad(d.getUTCHours(), 2), mm: pad(d.getUTCMinutes(), 2), ss: pad(d.getUTCSeconds(), 2), SSS: pad(d.getUTCMilliseconds(), 3) };
    return format === undefined ? d.toISOString() : String(format).replace(/YYYY|SSS|MM|DD|HH|mm|ss/g, (t) => parts[t]);
  }
  const EMAIL = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;
  const text = (v) => v instanceof Error ? v.name + ': ' + v.message : typeof v === 'string' ? v : (() => { try { return stringify(v); } catch (e) { return String(v); } })();
  return {
    ToolExecutionError,
    errors: Object.freeze({ ValidationError, BusinessLogicError, ExternalAPIError }),
    formatDate,
    isValidEmail: (email) => typeof email === 'string' && email.length <= 254 && EMAIL.test(email),
    text,
    line: (args) => args.map(text).join(' '),
  };
})`;
