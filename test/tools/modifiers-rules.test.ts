import { describe, expect, it } from 'vitest';
import { defineTool } from '../../src/modules/tools/definition/tool-spec.js';
import { applyPreRules } from '../../src/modules/tools/modifiers/apply-pre-rules.js';
import { applyPostRules } from '../../src/modules/tools/modifiers/apply-post-rules.js';
import { validateModifierRule } from '../../src/modules/tools/modifiers/validate-modifier-rule.js';
import { NO_POST, PRE_OPS, type PostRule } from '../../src/modules/tools/modifiers/modifier-rule.js';
import { DomainError } from '../../src/modules/errors/domain-error.js';
import { Rng, junkJson, junkString } from '../helpers/fuzz-inputs.js';

/** A tool with nested input and output, so paths have somewhere to go. */
const mailTool = defineTool({
  definition: {
    name: 'test_fetch_mails',
    display_name: 'Fetch',
    description: 'Test tool.',
    provider: 'gmail',
    category: 'communication',
    input_schema: {
      type: 'object',
      additionalProperties: false,
      required: ['query'],
      properties: {
        query: { type: 'string', maxLength: 100 },
        max_results: { type: 'integer', minimum: 1, maximum: 25 },
        labels: { type: 'array', items: { type: 'string', maxLength: 20 } },
        filter: { type: 'object', properties: { folder: { type: 'string' }, since: { type: 'string' } }, required: ['folder'] },
        options: { type: 'object' },
      },
    },
    output_schema: {
      type: 'object',
      properties: {
        messages: {
          type: 'array',
          items: { type: 'object', properties: { id: { type: 'string' }, subject: { type: 'string' }, body: { type: 'string' }, headers: { type: 'object', properties: { from: { type: 'string' }, to: { type: 'string' } } }, tags: { type: 'array', items: { type: 'string' } } } },
        },
        next_cursor: { type: ['string', 'null'] },
        raw: {},
      },
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  request: () => ({ method: 'GET', path: '/' }),
});

const post = (p: Partial<PostRule>): PostRule => ({ ...NO_POST, ...p });

describe('pre rules (pure)', () => {
  it('set, default and append on top-level and nested parameters, leaving the caller’s object alone', () => {
    const input = { query: 'from:x', filter: { folder: 'inbox' }, labels: ['a'] };
    const frozen = JSON.parse(JSON.stringify(input));
    const out = applyPreRules(
      [
        { op: 'append', path: 'query', value: 'is:unread' },
        { op: 'default', path: 'max_results', value: 5 },
        { op: 'set', path: 'filter.since', value: '2026-01-01' },
        { op: 'default', path: 'filter.folder', value: 'spam' },
        { op: 'append', path: 'labels', value: ['b', 'a'] },
        { op: 'append', path: 'options.deep.flag', value: 'x' },
      ],
      input,
    );
    expect(out).toEqual({
      query: 'from:x is:unread',
      max_results: 5,
      filter: { folder: 'inbox', since: '2026-01-01' },
      labels: ['a', 'b'],
      options: { deep: { flag: 'x' } },
    });
    expect(input).toEqual(frozen);
  });

  it('append: absent → the value; empty string → the value; words already there are not repeated; scalars push onto arrays', () => {
    expect(applyPreRules([{ op: 'append', path: 'query', value: 'is:unread' }], {})).toEqual({ query: 'is:unread' });
    expect(applyPreRules([{ op: 'append', path: 'query', value: 'is:unread' }], { query: '  ' })).toEqual({ query: 'is:unread' });
    expect(applyPreRules([{ op: 'append', path: 'query', value: 'is:unread' }], { query: 'is:unread  from:x' })).toEqual({ query: 'is:unread  from:x' });
    expect(applyPreRules([{ op: 'append', path: 'query', value: 'is:unread' }], { query: 'is:unreadish' })).toEqual({ query: 'is:unreadish is:unread' });
    expect(applyPreRules([{ op: 'append', path: 'labels', value: 'c' }], { labels: ['a'] })).toEqual({ labels: ['a', 'c'] });
  });

  it('set replaces what the caller sent; default keeps it (even a falsy value); no rules → the same object', () => {
    expect(applyPreRules([{ op: 'set', path: 'max_results', value: 3 }], { max_results: 20 })).toEqual({ max_results: 3 });
    expect(applyPreRules([{ op: 'default', path: 'query', value: 'x' }], { query: '' })).toEqual({ query: '' });
    const input = { query: 'q' };
    expect(applyPreRules([], input)).toBe(input);
  });

  it('a rule value is copied, so a later change to the output does not change the stored rule', () => {
    const rules = [{ op: 'set' as const, path: 'filter', value: { folder: 'inbox' } }];
    const out = applyPreRules(rules, {}) as { filter: { folder: string } };
    out.filter.folder = 'changed';
    expect(rules[0].value).toEqual({ folder: 'inbox' });
  });
});

describe('post rules (pure)', () => {
  const output = {
    messages: [
      { id: 'm1', subject: 'Hello', body: 'a'.repeat(50), headers: { from: 'a@x', to: 'b@x' }, tags: ['t1', 't2', 't3'] },
      { id: 'm2', subject: 'Again', body: 'short', headers: { from: 'c@x', to: 'd@x' }, tags: [] },
    ],
    next_cursor: 'c1',
    raw: { big: 'x' },
  };

  it('keep with array paths keeps those fields of every item (and their parents), nothing else', () => {
    expect(applyPostRules(post({ keep: ['messages[].id', 'messages[].headers.from', 'next_cursor'] }), output)).toEqual({
      messages: [{ id: 'm1', headers: { from: 'a@x' } }, { id: 'm2', headers: { from: 'c@x' } }],
      next_cursor: 'c1',
    });
    // A whole field wins over a path into it; absent fields stay absent.
    expect(applyPostRules(post({ keep: ['raw', 'raw.big', 'missing.field'] }), output)).toEqual({ raw: { big: 'x' } });
    // `[]` means a list: it does not match an object, and a plain step does not reach into a list.
    expect(applyPostRules(post({ keep: ['raw[]', 'messages.id'] }), output)).toEqual({});
  });

  it('drop removes fields in every item; keep then drop; the input is not changed', () => {
    const before = JSON.stringify(output);
    expect(applyPostRules(post({ drop: ['messages[].body', 'messages[].headers.to', 'raw'] }), output)).toEqual({
      messages: [
        { id: 'm1', subject: 'Hello', headers: { from: 'a@x' }, tags: ['t1', 't2', 't3'] },
        { id: 'm2', subject: 'Again', headers: { from: 'c@x' }, tags: [] },
      ],
      next_cursor: 'c1',
    });
    expect(applyPostRules(post({ keep: ['messages[].id', 'messages[].subject'], drop: ['messages[].subject'] }), output)).toEqual({ messages: [{ id: 'm1' }, { id: 'm2' }] });
    expect(JSON.stringify(output)).toBe(before);
  });

  it('caps every long string (ending in …) and every long array, at any depth', () => {
    const out = applyPostRules(post({ max_string_length: 10, max_array_items: 1 }), output) as any;
    expect(out.messages).toHaveLength(1);
    expect(out.messages[0].body).toBe('a'.repeat(9) + '…');
    expect(out.messages[0].body).toHaveLength(10);
    expect(out.messages[0].subject).toBe('Hello');
    expect(out.messages[0].tags).toEqual(['t1']);
    // By code points: an emoji is never split.
    expect(applyPostRules(post({ max_string_length: 3 }), { s: '😀😀😀😀' })).toEqual({ s: '😀😀…' });
    expect(applyPostRules(post({ max_string_length: 4 }), { s: '😀😀😀😀' })).toEqual({ s: '😀😀😀😀' });
  });

  it('caps nest as deep as the data does, and keep a provider’s `__proto__` key as plain data', () => {
    let deep: unknown = 'x'.repeat(20);
    for (let i = 0; i < 20_000; i++) deep = { d: [deep] };
    let capped = applyPostRules(post({ max_string_length: 5 }), deep) as any;
    for (let i = 0; i < 20_000; i++) capped = capped.d[0];
    expect(capped).toBe('xxxx…');
    const out = applyPostRules(post({ max_string_length: 2 }), JSON.parse('{"__proto__": {"polluted": "yes"}}')) as any;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(Object.hasOwn(out, '__proto__')).toBe(true);
    expect(({} as any).polluted).toBeUndefined();
  });

  it('caps apply to a non-object output too; keep/drop leave it alone', () => {
    expect(applyPostRules(post({ keep: ['a'], max_array_items: 2 }), [1, 2, 3])).toEqual([1, 2]);
  });
});

describe('validateModifierRule', () => {
  const bad = (body: unknown) => {
    try {
      validateModifierRule(body, mailTool);
    } catch (err) {
      return { message: (err as Error).message, violations: (err as { violations: unknown }).violations };
    }
    throw new Error('expected a refusal');
  };

  it('accepts the documented format and stores it normalised', () => {
    expect(validateModifierRule({ pre: [{ op: 'append', path: 'query', value: 'is:unread' }] }, mailTool)).toEqual({
      pre: [{ op: 'append', path: 'query', value: 'is:unread' }],
      post: { keep: null, drop: [], max_string_length: null, max_array_items: null },
    });
    expect(validateModifierRule({ post: { keep: ['messages[].id', 'messages[].headers.from'], max_array_items: 5 }, tool_name: 'x', id: 'tmod_1' }, mailTool).post).toEqual({
      keep: ['messages[].id', 'messages[].headers.from'], drop: [], max_string_length: null, max_array_items: 5,
    });
    // Free-form levels (an object without properties, an untyped field) take any path.
    expect(validateModifierRule({ pre: [{ op: 'set', path: 'options.a.b', value: 1 }], post: { drop: ['raw.anything[].x'] } }, mailTool).pre).toHaveLength(1);
  });

  it('names the field and what is expected for structural errors', () => {
    expect(bad({ pre: [{ op: 'sett', path: 'query', value: 'x' }] }).message).toBe('pre[0].op must be one of set, default, append');
    expect(bad({ pre: [{ op: 'set', value: 'x' }] }).message).toBe('pre[0].path is required');
    expect(bad({ pre: [{ op: 'set', path: 'query' }] }).message).toBe('pre[0].value is required');
    expect(bad({ pre: 'x' }).message).toBe('pre must be a list');
    expect(bad({ post: { keep: 'id' } }).message).toBe('post.keep must be a list or null');
    expect(bad({ post: { max_string_length: 0 } }).message).toBe('post.max_string_length must be >= 1');
    expect(bad({ post: { max_array_items: 1.5 } }).message).toBe('post.max_array_items must be an integer or null');
    expect(bad({ post: { keepp: [] } }).message).toBe('post.keepp is not a recognised field');
    expect(bad({ rules: [] }).message).toBe('rules is not a recognised field');
    expect(bad({ pre: Array.from({ length: 21 }, () => ({ op: 'set', path: 'query', value: 'x' })) }).message).toBe('pre must have at most 20 items');
    expect(bad({}).message).toBe('body has no rule: give pre rules, a post rule, or both (to remove a modifier, DELETE it)');
    expect(bad([1]).message).toMatch(/^body must be a JSON object/);
    const two = bad({ pre: [{ op: 'x', path: 'query', value: 1 }], post: { drop: 5 } });
    expect(two.violations).toEqual([
      { field: 'pre[0].op', description: 'must be one of set, default, append' },
      { field: 'post.drop', description: 'must be a list' },
    ]);
  });

  it('checks paths and values against the tool’s schemas', () => {
    expect(bad({ pre: [{ op: 'set', path: 'qeury', value: 'x' }] }).message).toBe(
      "pre[0].path names 'qeury', which is not an input parameter of test_fetch_mails (there: query, max_results, labels, filter, options)",
    );
    expect(bad({ pre: [{ op: 'set', path: 'filter.folderr', value: 'x' }] }).message).toBe(
      "pre[0].path names 'filter.folderr', which is not an input parameter of test_fetch_mails (there: folder, since)",
    );
    expect(bad({ pre: [{ op: 'set', path: 'labels[]', value: 'x' }] }).message).toBe(
      'pre[0].path must name one input parameter (dotted keys, no []): a pre rule never steps into an array; append adds items to one',
    );
    expect(bad({ pre: [{ op: 'set', path: 'a..b', value: 'x' }] }).message).toBe(
      "pre[0].path 'a..b' is not a field path: write keys joined by dots, with [] after an array's key (messages[].subject)",
    );
    expect(bad({ post: { drop: ['raw.a\u0001b'] } }).message).toBe("post.drop[0] 'raw.a\u0001b' is not a field path: write keys joined by dots, with [] after an array's key (messages[].subject)");
    for (const key of ['__proto__', 'constructor', 'prototype']) {
      expect(bad({ pre: [{ op: 'set', path: `${key}.polluted`, value: 'x' }] }).message).toBe(`pre[0].path must not use '${key}' as a key`);
    }
    expect(bad({ pre: [{ op: 'set', path: 'max_results', value: 99 }] }).message).toBe("pre[0].value must be <= 25 (as test_fetch_mails's max_results)");
    expect(bad({ pre: [{ op: 'set', path: 'query', value: 7 }] }).message).toBe("pre[0].value must be a string (as test_fetch_mails's query)");
    expect(bad({ pre: [{ op: 'append', path: 'max_results', value: 1 }] }).message).toBe('pre[0].op append joins strings and extends lists, but max_results is integer: use set or default');
    expect(bad({ pre: [{ op: 'append', path: 'query', value: ['x'] }] }).message).toBe('pre[0].value must be a string to append to query');
    expect(bad({ pre: [{ op: 'append', path: 'labels', value: ['ok', 'x'.repeat(21)] }] }).message).toBe(
      "pre[0].value[1] must be at most 20 characters (an item of test_fetch_mails's labels)",
    );
    expect(bad({ pre: [{ op: 'default', path: 'query', value: 'x' }] }).message).toBe(
      'pre[0].op default never applies: test_fetch_mails requires query of every caller; use set to replace what they send',
    );
    // filter itself is optional: a default for filter.folder applies when the caller leaves filter out.
    expect(validateModifierRule({ pre: [{ op: 'default', path: 'filter.folder', value: 'inbox' }] }, mailTool).pre).toHaveLength(1);
    expect(bad({ post: { keep: ['messages.id'] } }).message).toBe("post.keep[0] names 'messages.id', but messages is a list: write messages[] to reach into its items");
    expect(bad({ post: { drop: ['next_cursor[]'] } }).message).toBe("post.drop[0] names 'next_cursor[]', but next_cursor is not a list; remove the []");
    expect(bad({ post: { keep: ['messages[].subjct'] } }).message).toBe(
      "post.keep[0] names 'messages[].subjct', which is not a field of test_fetch_mails's output (there: id, subject, body, headers, tags)",
    );
    expect(bad({ post: { drop: ['raw.x', 'raw[].y'] } }).message).toBe('post.drop[1] uses raw as a list, another path the other way; write raw[] for a list');
  });
});

describe('junk rules and junk data', () => {
  const r = new Rng(0x7e3a11);
  const path = () => (r.chance(0.5) ? r.pick(['query', 'max_results', 'labels', 'filter.folder', 'options.x', 'messages[].id', 'messages[].headers.from', 'raw', 'next_cursor', 'a.b[].c']) : junkString(r).slice(0, 300));
  const junkBody = () =>
    r.chance(0.2)
      ? junkJson(r)
      : {
          ...(r.chance(0.7) ? { pre: r.chance(0.9) ? Array.from({ length: r.int(4) }, () => (r.chance(0.9) ? { op: r.chance(0.8) ? r.pick(PRE_OPS) : junkString(r), path: path(), value: junkJson(r) } : junkJson(r))) : junkJson(r) } : {}),
          ...(r.chance(0.7)
            ? { post: r.chance(0.9) ? { ...(r.chance(0.5) ? { keep: Array.from({ length: r.int(4) }, path) } : {}), ...(r.chance(0.5) ? { drop: Array.from({ length: r.int(4) }, path) } : {}), ...(r.chance(0.3) ? { max_string_length: r.pick([1, 5, 0, -1, 1.5, '7', null]) } : {}), ...(r.chance(0.3) ? { max_array_items: r.pick([1, 3, 0, 10_001, null]) } : {}) } : junkJson(r) }
            : {}),
        };

  it('every body is either a rule or an invalid_argument naming fields; every accepted rule applies to any data without throwing', () => {
    let accepted = 0;
    for (let i = 0; i < 3000; i++) {
      const body = junkBody();
      let rule;
      try {
        rule = validateModifierRule(body, mailTool);
      } catch (err) {
        expect(err, JSON.stringify(body)?.slice(0, 300)).toBeInstanceOf(DomainError);
        expect((err as DomainError).code).toBe('invalid_argument');
        expect((err as DomainError).message.length).toBeGreaterThan(0);
        continue;
      }
      accepted++;
      for (let j = 0; j < 3; j++) {
        const data = r.chance(0.5) ? { messages: [junkJson(r), { id: junkString(r), headers: junkJson(r) }], query: junkJson(r), raw: junkJson(r) } : junkJson(r);
        expect(() => applyPreRules(rule.pre, data)).not.toThrow();
        expect(() => applyPostRules(rule.post, data)).not.toThrow();
      }
    }
    // The generator is meant to reach the apply functions too, not only the refusals.
    expect(accepted).toBeGreaterThan(100);
  });
});
