import { describe, expect, it } from 'vitest';
import { declarativeToolSpec, validateDeclarative } from '../../src/modules/tools/declarative/index.js';
import type { ToolDefinition } from '../../src/modules/tools/definition/tool-spec.js';

const definition: ToolDefinition = {
  name: 'github_list_repo_issues',
  display_name: 'List issues',
  description: 'Lists a repository\'s issues.',
  provider: 'github',
  category: 'developer_tools',
  input_schema: {
    type: 'object',
    properties: { owner: { type: 'string' }, repo: { type: 'string' }, state: { type: 'string' }, labels: { type: 'array', items: { type: 'string' } }, filter: { type: 'object' } },
    required: ['owner', 'repo', 'labels', 'filter'],
    additionalProperties: false,
  },
  output_schema: { type: 'object' },
};
const valid = {
  method: 'GET',
  path: '/repos/{{owner}}/{{repo}}/issues',
  query: { state: '{{state}}', labels: '{{labels}}', per_page: 50, sort: ['created', '{{state}}'] },
  headers: { 'X-GitHub-Api-Version': '2022-11-28', Accept: 'application/vnd.github+json' },
  output: { select: { id: 'id', url: 'html_url', labels: 'labels[].name' } },
};
const problems = (impl: unknown) => validateDeclarative(impl, definition);
const paths = (impl: unknown) => problems(impl).map((p) => p.path);

describe('validateDeclarative', () => {
  it('accepts a valid implementation, with pick or select', () => {
    expect(problems(valid)).toEqual([]);
    expect(problems({ ...valid, output: { from: 'items', pick: ['id', 'user.login', 'labels[].name'] } })).toEqual([]);
    expect(problems({ method: 'POST', path: '/repos/{{owner}}/{{repo}}/issues', body: { title: 'fixed', labels: '{{labels}}', meta: { q: 'state {{state}}' } } })).toEqual([]);
  });

  it('names the field of every problem: not an object, unknown keys, method', () => {
    expect(problems(null)).toEqual([{ path: 'implementation', message: expect.stringContaining('must be an object') }]);
    expect(problems('GET /x')[0].path).toBe('implementation');
    expect(problems({ ...valid, method: 'get', extra: 1 })).toEqual([
      { path: 'implementation.extra', message: expect.stringContaining('is not a recognised field') },
      { path: 'implementation.method', message: 'must be one of GET, POST, PUT, PATCH, DELETE' },
    ]);
  });

  it('a path must be relative, without query, dot segments or unknown / optional placeholders', () => {
    const cases: Array<[unknown, string]> = [
      [undefined, 'is required'],
      ['https://evil.example/x', 'must be relative'],
      ['//evil.example/x', 'must be relative'],
      ['repos/x', 'must be relative'],
      ['/repos/{{owner}}?state=open', 'put query parameters in query'],
      ['/repos/../admin', "'.' or '..' segments"],
      ['/repos/{{ownr}}', "input_schema has no property 'ownr'"],
      ['/repos/{{state}}', "'state' is optional"],
      ['/repos/{{labels}}', "'labels' is a list"],
      ['/repos/{{filter}}', "'filter' is an object"],
      ['/repos/{{owner}', 'malformed placeholder'],
      ['/repos/{{ owner name }}', 'malformed placeholder'],
    ];
    for (const [path, says] of cases) {
      const found = problems({ ...valid, path });
      expect(found.map((p) => p.path), String(path)).toContain('implementation.path');
      expect(found.filter((p) => p.path === 'implementation.path').map((p) => p.message).join(' | '), String(path)).toContain(says);
    }
  });

  it('refuses credential headers and parameters: authentication is the connection\'s', () => {
    for (const h of ['Authorization', 'proxy-authorization', 'Cookie', 'X-API-Key', 'X-Shopify-Access-Token', 'X-Client-Secret', 'Content-Type', 'Host']) {
      const found = problems({ ...valid, headers: { [h]: 'x' } });
      expect(found.map((p) => p.path), h).toEqual([`implementation.headers.${h}`]);
    }
    expect(problems({ ...valid, headers: { Authorization: 'Bearer {{state}}' } })[0].message).toContain("credentials are the connection's");
    expect(paths({ ...valid, query: { api_key: '{{state}}', access_token: 'x' } })).toEqual(['implementation.query.api_key', 'implementation.query.access_token']);
    expect(problems({ ...valid, headers: { 'Idempotency-Key': '{{state}}' } })).toEqual([]);
  });

  it('checks placeholders in query, headers and body, with their paths', () => {
    expect(problems({ ...valid, query: { a: '{{nope}}', b: { nested: 1 }, c: ['{{repo}}', '{{zz}}'] } })).toEqual([
      { path: 'implementation.query.a', message: "uses {{nope}}, but input_schema has no property 'nope'" },
      { path: 'implementation.query.b', message: expect.stringContaining('must be a string, number, boolean') },
      { path: 'implementation.query.c[1]', message: "uses {{zz}}, but input_schema has no property 'zz'" },
    ]);
    expect(paths({ ...valid, headers: { 'X-N': 5, 'bad name': 'x', 'X-Q': '{{q}}' } })).toEqual(['implementation.headers.X-N', 'implementation.headers.bad name', 'implementation.headers.X-Q']);
    expect(paths({ method: 'POST', path: '/x', body: { a: [{ b: '{{missing}}' }] } })).toEqual(['implementation.body.a[0].b']);
    expect(problems({ ...valid, body: { a: 1 } })).toEqual([{ path: 'implementation.body', message: 'is not allowed with GET (it sends no body)' }]);
  });

  it('checks the output shape', () => {
    expect(paths({ ...valid, output: { select: { a: 'x' }, pick: ['y'] } })).toEqual(['implementation.output']);
    expect(paths({ ...valid, output: { pick: [] } })).toEqual(['implementation.output.pick']);
    expect(paths({ ...valid, output: { pick: ['ok', 'bad path!', '__proto__.x'] } })).toEqual(['implementation.output.pick[1]', 'implementation.output.pick[2]']);
    expect(paths({ ...valid, output: { select: { u: 3 }, from: '', map: 1 } })).toEqual(['implementation.output.map', 'implementation.output.from', 'implementation.output.select.u']);
  });

  it('a stored implementation that no longer validates still lists as a spec, but refuses to run with the reason', () => {
    const spec = declarativeToolSpec(definition, { method: 'GET', path: 'no-slash' }, '1.0.0');
    expect(spec.definition.name).toBe('github_list_repo_issues');
    expect(() => spec.request!({})).toThrow(/invalid declarative implementation \(implementation\.path must be relative/);
    const ok = declarativeToolSpec(definition, valid, '2.0.0');
    expect(ok.annotations).toEqual({ readOnly: true, destructive: false, idempotent: true });
    expect(ok.version).toBe('2.0.0');
    expect(declarativeToolSpec(definition, { ...valid, method: 'DELETE' }, '1.0.0').annotations).toEqual({ readOnly: false, destructive: true, idempotent: true });
  });
});
