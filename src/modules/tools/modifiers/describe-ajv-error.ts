import type { ErrorObject } from 'ajv';
import type { FieldViolation } from '../../errors/domain-error.js';

const TYPE_WORDS: Record<string, string> = {
  array: 'a list', object: 'an object', string: 'a string', integer: 'an integer', number: 'a number', boolean: 'true or false', null: 'null',
};

/** `/pre/0/op` → `pre[0].op` (numeric steps are array indexes in every schema this module validates). */
export function fieldOfPointer(prefix: string, pointer: string, extra?: string): string {
  const steps = pointer === '' ? [] : pointer.slice(1).split('/').map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  if (extra !== undefined) steps.push(extra);
  let out = prefix;
  for (const s of steps) out += /^\d+$/.test(s) ? `[${s}]` : out ? `.${s}` : s;
  return out || 'body';
}

/** One ajv error as a field and what it must be, in the words the rest of the API uses. */
export function describeAjvError(e: ErrorObject, prefix = ''): FieldViolation {
  const p = e.params as Record<string, unknown>;
  const at = (extra?: string) => fieldOfPointer(prefix, e.instancePath, extra);
  switch (e.keyword) {
    case 'required':
      return { field: at(String(p.missingProperty)), description: 'is required' };
    case 'additionalProperties':
      return { field: at(String(p.additionalProperty)), description: 'is not a recognised field' };
    case 'enum':
      return { field: at(), description: `must be one of ${(p.allowedValues as unknown[]).join(', ')}` };
    case 'const':
      return { field: at(), description: `must be ${JSON.stringify(p.allowedValue)}` };
    case 'type': {
      const types = Array.isArray(p.type) ? p.type : String(p.type).split(',');
      return { field: at(), description: `must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}` };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { field: at(), description: `must be ${e.message?.replace(/^must be /, '') ?? 'in range'}` };
    case 'maxItems':
      return { field: at(), description: `must have at most ${String(p.limit)} items` };
    case 'minItems':
      return { field: at(), description: `must have at least ${String(p.limit)} items` };
    case 'maxLength':
      return { field: at(), description: `must be at most ${String(p.limit)} characters` };
    case 'minLength':
      return { field: at(), description: Number(p.limit) === 1 ? 'must not be empty' : `must be at least ${String(p.limit)} characters` };
    default:
      return { field: at(), description: e.message ?? 'is invalid' };
  }
}
