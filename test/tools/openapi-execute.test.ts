import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolsFromOpenApi, type ImportedTool } from '../../src/modules/tools/openapi/index.js';
import { declarativeToolSpec } from '../../src/modules/tools/declarative/index.js';
import { fakeContext, runTool } from '../helpers/tool-harness.js';
import { startOpenApiFake, type OpenApiFake } from '../fakes/openapi-fake.js';

const fixture = (name: string) => fs.readFileSync(new URL(`../fixtures/openapi/${name}`, import.meta.url), 'utf8');

/** One execution of a generated tool: its input and exactly what the API must receive. */
interface Case {
  input: Record<string, unknown>;
  method: string;
  path: string;
  query?: Record<string, string | string[]>;
  body?: unknown;
  /** Checks on the shaped output, beyond its output_schema (which every run is validated against). */
  output?: (out: any) => void;
}

const pet = { id: 10, name: 'doggie', category: { id: 1, name: 'Dogs', internal: 'x' }, photoUrls: ['https://img/1'], tags: [{ id: 3, name: 'good' }], status: 'available', owner_secret_note: 'dropped' };
const order = { id: 5, petId: 10, quantity: 1, shipDate: '2024-01-02T03:04:05Z', status: 'placed', complete: false };
const user = { id: 1, username: 'theUser', firstName: 'John', lastName: 'James', email: 'john@email.com', password: 'x', phone: '1', userStatus: 1 };

const PETSTORE_ANSWERS: Record<string, unknown> = {
  addPet: pet, updatePet: pet, findPetsByStatus: [pet], findPetsByTags: [pet], getPetById: pet, uploadFile: { code: 200, type: 'ok', message: 'uploaded' },
  getInventory: { available: 3, sold: 1 }, placeOrder: order, getOrderById: order, createUser: user, createUsersWithListInput: user, loginUser: 'logged in user session: 123', getUserByName: user,
};

const PETSTORE: Record<string, Case> = {
  petstore_add_pet: {
    input: { name: 'doggie', photoUrls: ['https://img/1'], category: { id: 1, name: 'Dogs' }, status: 'available' },
    method: 'POST', path: '/pet', body: { name: 'doggie', photoUrls: ['https://img/1'], category: { id: 1, name: 'Dogs' }, status: 'available' },
    output: (o) => expect(o).toEqual({ id: 10, name: 'doggie', category: { id: 1, name: 'Dogs' }, photoUrls: ['https://img/1'], tags: [{ id: 3, name: 'good' }], status: 'available' }),
  },
  petstore_update_pet: { input: { id: 10, name: 'rex', photoUrls: [] }, method: 'PUT', path: '/pet', body: { id: 10, name: 'rex', photoUrls: [] } },
  petstore_find_pets_by_status: { input: { status: 'sold' }, method: 'GET', path: '/pet/findByStatus', query: { status: 'sold' }, output: (o) => expect(o.result[0].name).toBe('doggie') },
  petstore_find_pets_by_tags: { input: { tags: ['a', 'b c'] }, method: 'GET', path: '/pet/findByTags', query: { tags: ['a', 'b c'] } },
  petstore_get_pet_by_id: { input: { petId: 10 }, method: 'GET', path: '/pet/10', output: (o) => expect(o).not.toHaveProperty('owner_secret_note') },
  petstore_update_pet_with_form: { input: { petId: 10, name: 'rex', status: 'sold' }, method: 'POST', path: '/pet/10', query: { name: 'rex', status: 'sold' } },
  petstore_delete_pet: { input: { petId: 10 }, method: 'DELETE', path: '/pet/10', output: (o) => expect(o).toEqual({}) },
  petstore_upload_file: { input: { petId: 7, additionalMetadata: 'front view' }, method: 'POST', path: '/pet/7/uploadImage', query: { additionalMetadata: 'front view' } },
  petstore_get_inventory: { input: {}, method: 'GET', path: '/store/inventory', output: (o) => expect(o).toEqual({ available: 3, sold: 1 }) },
  petstore_place_order: { input: { petId: 10, quantity: 1, status: 'placed' }, method: 'POST', path: '/store/order', body: { petId: 10, quantity: 1, status: 'placed' } },
  petstore_get_order_by_id: { input: { orderId: 5 }, method: 'GET', path: '/store/order/5' },
  petstore_delete_order: { input: { orderId: 5 }, method: 'DELETE', path: '/store/order/5' },
  petstore_create_user: { input: { username: 'u1', email: 'u1@example.com' }, method: 'POST', path: '/user', body: { username: 'u1', email: 'u1@example.com' } },
  petstore_create_users_with_list_input: { input: { body: [{ username: 'a' }, { username: 'b' }] }, method: 'POST', path: '/user/createWithList', body: [{ username: 'a' }, { username: 'b' }] },
  petstore_login_user: { input: { username: 'theUser' }, method: 'GET', path: '/user/login', query: { username: 'theUser' }, output: (o) => expect(o).toEqual({ result: 'logged in user session: 123' }) },
  petstore_logout_user: { input: {}, method: 'GET', path: '/user/logout' },
  petstore_get_user_by_name: { input: { username: 'the user/1' }, method: 'GET', path: '/user/the%20user%2F1' },
  // The body's `username` clashes with the path's, so the body goes under `body`.
  petstore_update_user: { input: { username: 'theUser', body: { username: 'theUser', phone: '555' } }, method: 'PUT', path: '/user/theUser', body: { username: 'theUser', phone: '555' } },
  petstore_delete_user: { input: { username: 'theUser' }, method: 'DELETE', path: '/user/theUser' },
};

const GITHUB: Record<string, Case> = {
  github_repos_get: { input: { owner: 'octocat', repo: 'Hello-World' }, method: 'GET', path: '/repos/octocat/Hello-World', output: (o) => expect(o).toMatchObject({ full_name: 'octocat/Hello-World', default_branch: 'master' }) },
  github_repos_list_branches: { input: { owner: 'octocat', repo: 'Hello-World', protected: true, per_page: 10 }, method: 'GET', path: '/repos/octocat/Hello-World/branches', query: { protected: 'true', per_page: '10' }, output: (o) => expect(o.result[0].name).toBe('master') },
  github_issues_list_for_repo: {
    input: { owner: 'octocat', repo: 'Hello-World', state: 'all', labels: 'bug,ui', since: '2024-01-01T00:00:00Z', per_page: 2 },
    method: 'GET', path: '/repos/octocat/Hello-World/issues', query: { state: 'all', labels: 'bug,ui', since: '2024-01-01T00:00:00Z', per_page: '2' },
    output: (o) => expect(o.result[0]).toEqual({ id: 1, html_url: 'https://github.com/octocat/Hello-World/issues/1347', number: 1347, state: 'open', title: 'Found a bug' }),
  },
  github_issues_create: {
    input: { owner: 'octocat', repo: 'Hello-World', title: 'Found a bug', body: 'I\'m having a problem with this.', labels: ['bug'], assignees: ['octocat'], milestone: 1 },
    method: 'POST', path: '/repos/octocat/Hello-World/issues', body: { title: 'Found a bug', body: 'I\'m having a problem with this.', labels: ['bug'], assignees: ['octocat'], milestone: 1 },
    output: (o) => expect(o).toMatchObject({ number: 1347, html_url: 'https://github.com/octocat/Hello-World/issues/1347' }),
  },
  github_issues_get: { input: { owner: 'octocat', repo: 'Hello-World', issue_number: 1347 }, method: 'GET', path: '/repos/octocat/Hello-World/issues/1347' },
  github_issues_update: { input: { owner: 'octocat', repo: 'Hello-World', issue_number: 1347, state: 'closed', state_reason: 'completed' }, method: 'PATCH', path: '/repos/octocat/Hello-World/issues/1347', body: { state: 'closed', state_reason: 'completed' } },
  github_issues_create_comment: { input: { owner: 'octocat', repo: 'Hello-World', issue_number: 1347, body: 'Me too' }, method: 'POST', path: '/repos/octocat/Hello-World/issues/1347/comments', body: { body: 'Me too' }, output: (o) => expect(o.user.login).toBe('octocat') },
  github_issues_add_labels: { input: { owner: 'octocat', repo: 'Hello-World', issue_number: 1347, labels: ['bug', 'enhancement'] }, method: 'POST', path: '/repos/octocat/Hello-World/issues/1347/labels', body: { labels: ['bug', 'enhancement'] } },
  github_issues_list_labels_for_repo: { input: { owner: 'octocat', repo: 'Hello-World', page: 2 }, method: 'GET', path: '/repos/octocat/Hello-World/labels', query: { page: '2' } },
  github_repos_list_for_user: { input: { username: 'octocat', type: 'owner', sort: 'updated' }, method: 'GET', path: '/users/octocat/repos', query: { type: 'owner', sort: 'updated' } },
};

const suites = [
  { title: 'the Swagger Petstore', file: 'petstore.yaml', provider: 'petstore', cases: PETSTORE, answers: PETSTORE_ANSWERS },
  { title: "GitHub's REST description (answers: the document's own examples)", file: 'github-issues-repos.json', provider: 'github', cases: GITHUB, answers: {} as Record<string, unknown> },
];

for (const s of suites) {
  describe(`each tool imported from ${s.title}, run once through its ToolSpec against a loopback fake`, () => {
    let fake: OpenApiFake;
    let tools: ImportedTool[];
    beforeAll(async () => {
      fake = await startOpenApiFake(fixture(s.file));
      for (const [op, body] of Object.entries(s.answers)) fake.answer(op, 200, body);
      tools = await toolsFromOpenApi(fixture(s.file), { provider: s.provider });
    });
    afterAll(async () => { await fake?.close(); });

    it('has a case for every generated tool', () => {
      expect(tools.map((t) => t.definition.name).sort()).toEqual(Object.keys(s.cases).sort());
    });

    for (const [name, c] of Object.entries(s.cases)) {
      it(`${name} sends ${c.method} ${c.path}`, async () => {
        const t = tools.find((x) => x.definition.name === name)!;
        const spec = declarativeToolSpec(t.definition, t.implementation, '1.0.0', t.annotations);
        const before = fake.calls.length;
        const out = await runTool(spec, c.input, fakeContext(fake.url, 'gho_test_token'));
        expect(fake.calls.length).toBe(before + 1);
        const got = fake.last();
        expect(got.operationId, 'the request matched its own operation').toBe(t.operation);
        expect(got.method).toBe(c.method);
        expect(got.path).toBe(c.path);
        expect(got.query).toEqual(c.query ?? {});
        expect(got.body).toEqual(c.body);
        expect(got.headers.authorization).toBe('Bearer gho_test_token');
        if (c.body !== undefined) expect(got.headers['content-type']).toBe('application/json');
        c.output?.(out);
      });
    }
  });
}
