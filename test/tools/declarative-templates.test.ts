import { describe, expect, it } from 'vitest';
import { fillJson, fillString, MISSING, placeholdersIn } from '../../src/modules/tools/declarative/template.js';
import { buildRequest } from '../../src/modules/tools/declarative/build-request.js';
import { shapeOutput } from '../../src/modules/tools/declarative/shape-output.js';
import type { DeclarativeImplementation } from '../../src/modules/tools/declarative/index.js';

describe('declarative templates', () => {
  const input = { owner: 'octo cat', n: 5, flag: false, labels: ['bug', 'ui'], filter: { state: 'open', page: 2 }, empty: '', nothing: null };

  it('a whole-string placeholder keeps the JSON type; an embedded one is text', () => {
    expect(fillString('{{n}}', input)).toBe(5);
    expect(fillString('{{ flag }}', input)).toBe(false);
    expect(fillString('{{labels}}', input)).toEqual(['bug', 'ui']);
    expect(fillString('{{filter}}', input)).toEqual({ state: 'open', page: 2 });
    expect(fillString('{{nothing}}', input)).toBeNull();
    expect(fillString('page {{n}} of {{owner}}', input)).toBe('page 5 of octo cat');
    expect(fillString('labels={{labels}}', input)).toBe('labels=["bug","ui"]');
    expect(fillString('{{filter.state}}-{{filter.page}}', input)).toBe('open-2');
    expect(fillString('no placeholders', input)).toBe('no placeholders');
  });

  it('a missing optional input drops the key or the list item holding it, at any depth', () => {
    expect(fillString('{{absent}}', input)).toBe(MISSING);
    expect(fillString('x {{absent}} y', input)).toBe(MISSING);
    expect(fillString('{{filter.absent}}', input)).toBe(MISSING);
    expect(fillJson({ a: '{{n}}', b: '{{absent}}', c: { d: '{{absent}}', e: 'lit' }, list: ['{{absent}}', '{{owner}}', 3] }, input)).toEqual({ a: 5, c: { e: 'lit' }, list: ['octo cat', 3] });
    // An empty string is a value, not a missing one.
    expect(fillJson({ e: '{{empty}}' }, input)).toEqual({ e: '' });
  });

  it('reads own properties only: a prototype key is missing, never Object.prototype', () => {
    expect(fillString('{{constructor}}', input)).toBe(MISSING);
    expect(fillString('{{filter.toString}}', input)).toBe(MISSING);
    expect(placeholdersIn('/a/{{x}}/{{ y.z }}/{{bad name}}')).toEqual(['x', 'y.z']);
  });

  it('builds the request: path values encoded per segment, lists repeated in the query, optional ones left out', () => {
    const impl: DeclarativeImplementation = {
      method: 'POST',
      path: '/repos/{{owner}}/{{repo}}/issues',
      query: { per_page: '{{n}}', labels: '{{labels}}', q: 'state:{{state}}', fixed: 'yes', on: '{{flag}}' },
      headers: { 'X-Api-Version': '2022-11-28', 'X-Trace': 'trace {{n}}', 'X-Optional': '{{state}}' },
      body: { title: '{{title}}', meta: { count: '{{n}}' }, tags: '{{labels}}', gone: '{{state}}' },
    };
    const req = buildRequest(impl, { owner: 'a/b?c', repo: 'r#1', n: 5, labels: ['bug', 'ui'], flag: false, title: 'T' });
    expect(req).toEqual({
      method: 'POST',
      path: '/repos/a%2Fb%3Fc/r%231/issues',
      query: { per_page: 5, labels: ['bug', 'ui'], fixed: 'yes', on: false },
      headers: { 'X-Api-Version': '2022-11-28', 'X-Trace': 'trace 5' },
      json: { title: 'T', meta: { count: 5 }, tags: ['bug', 'ui'] },
    });
  });

  it('refuses a path value that would climb out of the path or leave an empty segment, naming the input', () => {
    const impl: DeclarativeImplementation = { method: 'GET', path: '/items/{{id}}' };
    for (const [id, says] of [['..', "must not be '.' or '..'"], ['.', "must not be '.' or '..'"], ['', 'must not be empty']] as const) {
      expect(() => buildRequest(impl, { id })).toThrow(`params.id ${says}`);
    }
    expect(() => buildRequest(impl, { id: { a: 1 } })).toThrow('params.id must be a string or number');
    expect(() => buildRequest(impl, {})).toThrow('params.id is required');
    expect(buildRequest(impl, { id: '..x' }).path).toBe('/items/..x');
  });

  it('a body that is one missing placeholder sends no body', () => {
    expect(buildRequest({ method: 'PATCH', path: '/x', body: '{{patch}}' }, {})).toEqual({ method: 'PATCH', path: '/x' });
    expect(buildRequest({ method: 'PATCH', path: '/x', body: '{{patch}}' }, { patch: [1, 2] }).json).toEqual([1, 2]);
  });
});

describe('declarative output shaping', () => {
  const issue = { id: 7, html_url: 'https://github.com/o/r/issues/7', user: { login: 'octocat', id: 1 }, labels: [{ name: 'bug', color: 'f00' }, { name: 'ui' }, { color: '0f0' }], body: 'long' };

  it('select builds a new object from field paths, labels[].name maps over the list', () => {
    expect(shapeOutput(issue, { select: { id: 'id', url: 'html_url', author: 'user.login', labels: 'labels[].name', nope: 'missing.field' } })).toEqual({
      id: 7, url: 'https://github.com/o/r/issues/7', author: 'octocat', labels: ['bug', 'ui'],
    });
  });

  it('pick keeps the listed paths in place; a list answer is shaped per item and sent as {result}', () => {
    expect(shapeOutput(issue, { pick: ['id', 'user.login', 'labels[].name'] })).toEqual({ id: 7, user: { login: 'octocat' }, labels: [{ name: 'bug' }, { name: 'ui' }, {}] });
    expect(shapeOutput([issue, { id: 8 }], { pick: ['id'] })).toEqual({ result: [{ id: 7 }, { id: 8 }] });
    expect(shapeOutput([issue], { select: { n: 'id' } })).toEqual({ result: [{ n: 7 }] });
  });

  it('from descends first; empty and non-object answers become {} and {result}', () => {
    expect(shapeOutput({ data: [{ id: 'a', x: 1 }], has_more: false }, { from: 'data', pick: ['id'] })).toEqual({ result: [{ id: 'a' }] });
    expect(shapeOutput('', undefined)).toEqual({});
    expect(shapeOutput(undefined, { pick: ['id'] })).toEqual({});
    expect(shapeOutput('plain text', undefined)).toEqual({ result: 'plain text' });
    expect(shapeOutput({ a: 1 }, { from: 'missing' })).toEqual({});
    expect(shapeOutput({ a: 1, b: 2 }, undefined)).toEqual({ a: 1, b: 2 });
  });
});
