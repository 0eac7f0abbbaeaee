import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { readOpenApiTools, toolsFromOpenApi, type ImportedTool } from '../../src/modules/tools/openapi/index.js';
import { validateDeclarative } from '../../src/modules/tools/declarative/index.js';
import { DomainError } from '../../src/modules/errors/domain-error.js';

const fixture = (name: string) => fs.readFileSync(new URL(`../fixtures/openapi/${name}`, import.meta.url), 'utf8');
const PETSTORE = fixture('petstore.yaml');
const GITHUB = fixture('github-issues-repos.json');

const ajv = new Ajv2020({ strict: true, allErrors: true });
(addFormats as unknown as (a: Ajv2020) => void)(ajv);
const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));
/** A schema's `properties` (schemas are plain JSON objects here). */
const props = (schema: Record<string, unknown>): Record<string, any> => schema.properties as Record<string, any>;

/** Every key anywhere in a schema, to prove what trimming removed. */
function keysIn(v: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(v)) v.forEach((x) => keysIn(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { out.add(k); keysIn(x, out); }
  return out;
}
/** Descriptions anywhere in a schema (`properties` maps are skipped as they hold names, not keywords). */
function descriptionsIn(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) v.forEach((x) => descriptionsIn(x, out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) { if (k === 'description' && typeof x === 'string') out.push(x); else descriptionsIn(x, out); }
  return out;
}

/** What every imported tool must be: within budget, strict-ajv-valid schemas, no vendor fields, a valid request template. */
function expectModelReady(tools: ImportedTool[], provider: string) {
  for (const t of tools) {
    const d = t.definition;
    expect(d.provider, d.name).toBe(provider);
    expect(d.name, d.name).toMatch(/^[a-z][a-z0-9_]{2,63}$/);
    expect(bytes(d), d.name).toBeLessThanOrEqual(2048);
    expect(() => ajv.compile(d.input_schema), `${d.name} input`).not.toThrow();
    expect(() => ajv.compile(d.output_schema), `${d.name} output`).not.toThrow();
    expect(d.input_schema.type).toBe('object');
    expect(d.input_schema.additionalProperties).toBe(false);
    const keys = keysIn([d.input_schema, d.output_schema]);
    for (const k of keys) expect(k.startsWith('x-') ? k : '', d.name).toBe('');
    for (const gone of ['example', 'examples', 'xml', 'nullable', 'oneOf', '$ref', 'readOnly', 'externalDocs']) expect(keys.has(gone), `${d.name} has ${gone}`).toBe(false);
    for (const text of descriptionsIn([d.input_schema, d.output_schema])) expect(text.length, d.name).toBeLessThanOrEqual(120);
    expect(d.description.length).toBeLessThanOrEqual(300);
    expect(validateDeclarative(t.implementation, d), d.name).toEqual([]);
  }
}

describe('tools from the Swagger Petstore (OpenAPI 3.0, YAML)', () => {
  it('makes one tool per operation, named <provider>_<operationId> in snake_case, each model-ready', async () => {
    const { tools, skipped } = await readOpenApiTools(PETSTORE, { provider: 'petstore' });
    expect(tools.map((t) => t.definition.name)).toEqual([
      'petstore_add_pet', 'petstore_update_pet', 'petstore_find_pets_by_status', 'petstore_find_pets_by_tags', 'petstore_get_pet_by_id',
      'petstore_update_pet_with_form', 'petstore_delete_pet', 'petstore_upload_file', 'petstore_get_inventory', 'petstore_place_order',
      'petstore_get_order_by_id', 'petstore_delete_order', 'petstore_create_user', 'petstore_create_users_with_list_input', 'petstore_login_user',
      'petstore_logout_user', 'petstore_get_user_by_name', 'petstore_update_user', 'petstore_delete_user',
    ]);
    expect(skipped).toEqual([]);
    expectModelReady(tools, 'petstore');
  });

  it('turns parameters and the JSON body into one input, leaving credentials and non-JSON bodies to the connection', async () => {
    const byName = Object.fromEntries((await toolsFromOpenApi(PETSTORE, { provider: 'petstore' })).map((t) => [t.definition.name, t]));
    const add = byName.petstore_add_pet;
    expect(add.implementation).toEqual({
      method: 'POST', path: '/pet',
      body: { id: '{{id}}', name: '{{name}}', category: '{{category}}', photoUrls: '{{photoUrls}}', tags: '{{tags}}', status: '{{status}}' },
      output: { pick: ['id', 'name', 'category.id', 'category.name', 'photoUrls', 'tags[].id', 'tags[].name', 'status'] },
    });
    expect(add.definition.input_schema.required).toEqual(['name', 'photoUrls']);
    expect(props(add.definition.input_schema).status).toEqual({ description: 'pet status in the store', type: 'string', enum: ['available', 'pending', 'sold'] });
    expect(add.annotations).toEqual({ readOnly: false, destructive: false, idempotent: false });
    expect(add.definition).toMatchObject({ display_name: 'Add a new pet to the store', description: 'Add a new pet to the store.', category: 'pet' });

    expect(byName.petstore_get_pet_by_id.implementation).toEqual({ method: 'GET', path: '/pet/{{petId}}', output: expect.any(Object) });
    expect(byName.petstore_get_pet_by_id.definition.input_schema).toEqual({ type: 'object', properties: { petId: { type: 'integer', description: 'ID of pet to return' } }, required: ['petId'], additionalProperties: false });
    expect(byName.petstore_get_pet_by_id.annotations.readOnly).toBe(true);

    const del = byName.petstore_delete_pet;
    expect(del.implementation).toEqual({ method: 'DELETE', path: '/pet/{{petId}}' });
    expect(del.notes).toEqual([expect.stringMatching(/^header parameter 'api_key' left out: it carries a credential/)]);
    expect(del.annotations).toEqual({ readOnly: false, destructive: true, idempotent: true });
    expect(props(byName.petstore_login_user.definition.input_schema)).not.toHaveProperty('password');
    expect(byName.petstore_upload_file.implementation).toEqual({ method: 'POST', path: '/pet/{{petId}}/uploadImage', query: { additionalMetadata: '{{additionalMetadata}}' }, output: { pick: ['code', 'type', 'message'] } });
    expect(byName.petstore_upload_file.notes).toEqual(['request body left out: it is application/octet-stream, and a declarative tool sends JSON']);
    // A body that is a list goes under `body`; a list answer is {"result": [...]}.
    expect(byName.petstore_create_users_with_list_input.implementation.body).toBe('{{body}}');
    expect(byName.petstore_find_pets_by_status.definition.output_schema).toMatchObject({ type: 'object', properties: { result: { type: 'array' } } });
    expect(props(byName.petstore_find_pets_by_tags.definition.input_schema).tags).toEqual({ type: 'array', items: { type: 'string' }, description: 'Tags to filter by' });
    // An object answer with no fixed fields (the inventory's map) is returned as it is.
    expect(byName.petstore_get_inventory.definition.output_schema).toStrictEqual({ type: 'object' });
    expect(byName.petstore_get_inventory.implementation).toStrictEqual({ method: 'GET', path: '/store/inventory' });
  });
});

describe("tools from GitHub's REST description (OpenAPI 3.0.3, JSON, cut to the issues and repos tags)", () => {
  it('makes the chosen tools within the 2 KB budget, trimming output before input', async () => {
    const { tools, skipped } = await readOpenApiTools(GITHUB, { provider: 'github' });
    expect(tools.map((t) => [t.definition.name, t.operation])).toEqual([
      ['github_repos_get', 'repos/get'],
      ['github_repos_list_branches', 'repos/list-branches'],
      ['github_issues_list_for_repo', 'issues/list-for-repo'],
      ['github_issues_create', 'issues/create'],
      ['github_issues_get', 'issues/get'],
      ['github_issues_update', 'issues/update'],
      ['github_issues_create_comment', 'issues/create-comment'],
      ['github_issues_add_labels', 'issues/add-labels'],
      ['github_issues_list_labels_for_repo', 'issues/list-labels-for-repo'],
      ['github_repos_list_for_user', 'repos/list-for-user'],
    ]);
    expect(skipped).toEqual([]);
    expectModelReady(tools, 'github');
    const create = tools.find((t) => t.definition.name === 'github_issues_create')!;
    // Every input field of the operation stays; the huge issue answer is cut to a few useful fields.
    expect(Object.keys(props(create.definition.input_schema))).toEqual(['owner', 'repo', 'title', 'body', 'assignee', 'milestone', 'labels', 'assignees', 'issue_field_values', 'type']);
    expect(create.definition.input_schema.required).toEqual(['owner', 'repo', 'title']);
    expect(props(create.definition.input_schema).title).toMatchObject({ anyOf: [{ type: 'string' }, { type: 'integer' }] });
    expect(props(create.definition.input_schema).assignee).toMatchObject({ type: ['string', 'null'] });
    expect(create.implementation.output!.pick).toEqual(expect.arrayContaining(['html_url', 'number', 'title', 'state']));
    expect(create.notes.join(' ')).toContain('trimmed to fit the 2048-byte budget');
    // A oneOf of one object (add-labels) is that object; its field goes to the body.
    expect(tools.find((t) => t.definition.name === 'github_issues_add_labels')!.implementation.body).toEqual({ labels: '{{labels}}' });
  });

  it('chooses operations by tag and by operationId (either matches), with a prefix or none', async () => {
    const repos = await toolsFromOpenApi(GITHUB, { provider: 'github', tags: ['repos'] });
    expect(repos.map((t) => t.definition.name)).toEqual(['github_repos_get', 'github_repos_list_branches', 'github_repos_list_for_user']);
    const two = await toolsFromOpenApi(GITHUB, { provider: 'github', operationIds: ['issues/create', 'issues/get'], prefix: 'gh' });
    expect(two.map((t) => t.definition.name)).toEqual(['gh_issues_create', 'gh_issues_get']);
    const union = await toolsFromOpenApi(GITHUB, { provider: 'github', tags: ['repos'], operationIds: ['issues/get'], prefix: '' });
    expect(union.map((t) => t.definition.name)).toEqual(['repos_get', 'repos_list_branches', 'issues_get', 'repos_list_for_user']);
    expect(union.every((t) => t.definition.provider === 'github')).toBe(true);
  });

  it('a filter that matches nothing is an error naming the field and what the document has', async () => {
    const err = await readOpenApiTools(GITHUB, { provider: 'github', tags: ['issues', 'pulls'] }).catch((e) => e);
    expect(err).toBeInstanceOf(DomainError);
    expect(err.message).toBe('tags names no tag of the document: pulls (it has repos, issues)');
    const err2 = await readOpenApiTools(GITHUB, { provider: 'github', operationIds: ['issues/creat'] }).catch((e) => e);
    expect(err2.violations).toEqual([{ field: 'operation_ids', description: 'names no operation of the document: issues/creat' }]);
  });
});

/** A small OpenAPI 3.1 document exercising what the fixtures do not. */
const doc31 = (extra: Record<string, unknown> = {}) => ({
  openapi: '3.1.0',
  info: { title: 'Edge cases', version: '1.0.0' },
  paths: {
    '/nodes/{id}': {
      parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }],
      get: {
        operationId: 'getNode', summary: 'Get a node', 'x-internal': true,
        parameters: [{ name: 'id', in: 'query', schema: { type: 'integer' } }, { name: 'filter[kind]', in: 'query', schema: { type: 'string', examples: ['a'] } }],
        responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: '#/components/schemas/Node' } } } } },
      },
      put: {
        operationId: 'get_node', summary: 'Replace a node',
        requestBody: { required: true, content: { 'application/json': { schema: { type: 'object', properties: { id: { type: 'string' }, label: { type: ['string', 'null'], 'x-vendor': 1 } }, required: ['label'] } } } },
        responses: { '204': { description: 'done' } },
      },
    },
    '/session': {
      post: { operationId: 'needsCookie', parameters: [{ name: 'sid', in: 'cookie', required: true, schema: { type: 'string' } }], responses: { '200': { description: 'ok' } } },
      delete: { operationId: 'uploadOnly', requestBody: { required: true, content: { 'application/octet-stream': { schema: { type: 'string' } } } }, responses: { '200': { description: 'ok' } } },
    },
    '/huge': {
      get: {
        operationId: 'tooBig',
        parameters: Array.from({ length: 60 }, (_, i) => ({ name: `parameter_with_a_rather_long_name_${i}`, in: 'query', required: true, schema: { type: 'string' } })),
        responses: { '200': { description: 'ok' } },
      },
    },
    ...extra,
  },
  components: {
    schemas: {
      Node: {
        type: 'object', required: ['id'],
        properties: { id: { type: 'string', const: undefined }, kind: { const: 'node' }, parent: { anyOf: [{ $ref: '#/components/schemas/Node' }, { type: 'null' }] }, children: { type: 'array', items: { $ref: '#/components/schemas/Node' } }, score: { type: 'number', exclusiveMinimum: 0 } },
      },
    },
  },
});

describe('OpenAPI edge cases', () => {
  it('3.1 schemas, circular refs, parameter name clashes and collisions; what cannot be a tool is reported with the reason', async () => {
    const { tools, skipped } = await readOpenApiTools(JSON.stringify(doc31()), { provider: 'edge' });
    expect(tools.map((t) => t.definition.name)).toEqual(['edge_get_node', 'edge_get_node_2']);
    const [get, put] = tools;
    expect(props(get.definition.input_schema)).toEqual({ id: { type: 'string' }, id_query: { type: 'integer' }, filter_kind: { type: 'string' } });
    expect(get.implementation).toMatchObject({ path: '/nodes/{{id}}', query: { id: '{{id_query}}', 'filter[kind]': '{{filter_kind}}' } });
    // The circular Node is cut at the depth limit; its output pick matches the schema kept.
    expect(props(get.definition.output_schema).score).toEqual({ type: 'number', exclusiveMinimum: 0 });
    expect(JSON.stringify(get.definition.output_schema).length).toBeLessThan(2048);
    expect(put.notes).toEqual(['named edge_get_node_2: edge_get_node was taken by an earlier operation']);
    // The body's `id` clashes with the path's: the whole body goes under `body`.
    expect(put.definition.input_schema).toMatchObject({ properties: { id: { type: 'string' }, body: { type: 'object', properties: { label: { type: ['string', 'null'] } }, required: ['label'] } }, required: ['id', 'body'] });
    expect(put.implementation).toEqual({ method: 'PUT', path: '/nodes/{{id}}', body: '{{body}}' });
    expect(put.definition.output_schema).toEqual({ type: 'object' });
    expect(skipped).toEqual([
      { operation: 'needsCookie', reason: "its required cookie parameter 'sid' is a cookie parameter, which declarative tools do not send" },
      { operation: 'uploadOnly', reason: 'its request body is application/octet-stream only; a declarative tool sends JSON' },
      { operation: 'tooBig', reason: expect.stringMatching(/^its definition needs \d+ bytes even trimmed, over the 2048-byte budget/) },
    ]);
    expectModelReady(tools, 'edge');
  });

  it('never fetches a remote $ref: it is left as any value', async () => {
    let hits = 0;
    const server = http.createServer((_q, r) => { hits++; r.end('{"type":"string"}'); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/schema.json`;
    try {
      const doc = { openapi: '3.0.3', info: { title: 'r', version: '1' }, paths: { '/r': { get: { operationId: 'remote', parameters: [{ name: 'q', in: 'query', schema: { $ref: url } }], responses: { '200': { description: 'ok', content: { 'application/json': { schema: { $ref: `${url}#/x` } } } } } } } } };
      const [tool] = await toolsFromOpenApi(doc, { provider: 'r' });
      expect(props(tool.definition.input_schema).q).toEqual({});
      expect(hits).toBe(0);
    } finally {
      server.close();
    }
  });

  it('refuses what is not an OpenAPI 3 document, naming the field', async () => {
    const cases: Array<[object | string, string]> = [
      ['{ not json', 'document is not valid JSON or YAML'],
      ['a: [unclosed', 'document is not valid JSON or YAML'],
      ['- just\n- a list', 'document must be an OpenAPI 3.0 or 3.1 document'],
      [{ swagger: '2.0', paths: {} }, 'document.swagger is 2.0: only OpenAPI 3.0 and 3.1 documents are read'],
      [{ openapi: '4.0.0', paths: {} }, 'document.openapi must be 3.0.x or 3.1.x'],
      [{ openapi: '3.0.0' }, 'document.paths is required'],
      [{ openapi: '3.0.0', paths: { '/a': { get: { responses: { 200: { $ref: '#/components/responses/Nope' } } } } } }, 'document has a $ref that cannot be resolved'],
    ];
    for (const [doc, says] of cases) {
      const err = await readOpenApiTools(doc, { provider: 'p' }).catch((e) => e);
      expect(err, says).toBeInstanceOf(DomainError);
      expect(err.code).toBe('invalid_argument');
      expect(err.message).toContain(says);
    }
  });
});
