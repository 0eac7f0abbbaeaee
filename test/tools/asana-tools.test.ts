import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ToolSpec } from '../../src/modules/tools/definition/tool-spec.js';
import { tools } from '../../src/modules/tools/catalog/asana/index.js';
import { addComment } from '../../src/modules/tools/catalog/asana/add-comment.js';
import { createTask } from '../../src/modules/tools/catalog/asana/create-task.js';
import { getTask } from '../../src/modules/tools/catalog/asana/get-task.js';
import { listProjects } from '../../src/modules/tools/catalog/asana/list-projects.js';
import { listTasks } from '../../src/modules/tools/catalog/asana/list-tasks.js';
import { listWorkspaces } from '../../src/modules/tools/catalog/asana/list-workspaces.js';
import { updateTask } from '../../src/modules/tools/catalog/asana/update-task.js';
import { fakeContext, runTool, expectConnectorShape, toolFailure } from '../helpers/tool-harness.js';
import { startAsanaFake, type AsanaFake } from '../fakes/providers/asana.js';
import { asanaSamples as samples } from './samples/asana.js';

const TOKEN = '2/1201234567890123/1209876543210:4f1c2b7e9d';
const WS = '1200000000000001';
const LAUNCH = '1202000000000001';
const TASK_FIELDS = 'name,notes,completed,due_on,assignee.name,projects.name,permalink_url,modified_at';
let fake: AsanaFake;
const ctx = () => fakeContext(fake.url, TOKEN);

const failure = (spec: ToolSpec, input: unknown, context = ctx()) => toolFailure(spec, input, context);

let mark = 0;
const sent = () => fake.requests.slice(mark);

/** Every call carries the account's bearer token, and JSON only when it has a body. */
function expectAuth(hasBody: boolean) {
  expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
  expect(fake.last().headers['content-type']).toBe(hasBody ? 'application/json' : undefined);
}

beforeAll(async () => { fake = await startAsanaFake(); });
afterAll(async () => { await fake.close(); });
beforeEach(() => { mark = fake.requests.length; });

describe('asana tools', () => {
  it('names the connector\'s tools uniquely, with definitions within the 2 KB budget', () => {
    expectConnectorShape(tools, { provider: 'asana', names: ['asana_create_task', 'asana_list_tasks', 'asana_get_task', 'asana_update_task', 'asana_add_comment', 'asana_list_projects'], match: 'includes', strictInput: false });
  });

  it('asana_list_workspaces pages through the workspaces with the offset token', async () => {
    const first = await runTool(listWorkspaces, samples.asana_list_workspaces.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: '/api/1.0/workspaces', query: { limit: '1', opt_fields: 'name,is_organization' }, body: undefined });
    expectAuth(false);
    expect(first.workspaces).toEqual([{ gid: WS, name: 'Acme Corp', is_organization: true }]);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await runTool(listWorkspaces, { limit: 1, cursor: first.next_cursor }, ctx());
    expect(fake.last().query).toEqual({ limit: '1', offset: first.next_cursor, opt_fields: 'name,is_organization' });
    expect(second).toEqual({ workspaces: [{ gid: '1200000000000002', name: 'Personal Projects', is_organization: false }], next_cursor: null });
  });

  it('asana_list_projects lists a workspace\'s active projects unless archived ones are asked for', async () => {
    const out = await runTool(listProjects, samples.asana_list_projects.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: '/api/1.0/projects', body: undefined,
      query: { workspace: WS, archived: 'false', limit: '20', opt_fields: 'name,archived,permalink_url' } });
    expectAuth(false);
    expect(out).toEqual({
      projects: [
        { gid: LAUNCH, name: 'Q1 Launch', archived: false, url: `https://app.asana.com/0/${LAUNCH}/list` },
        { gid: '1202000000000002', name: 'Website refresh', archived: false, url: 'https://app.asana.com/0/1202000000000002/list' },
      ],
      next_cursor: null,
    });
    const all = await runTool(listProjects, { workspace_gid: WS, include_archived: true, limit: 5 }, ctx());
    expect(fake.last().query).toEqual({ workspace: WS, limit: '5', opt_fields: 'name,archived,permalink_url' });
    expect(all.projects.map((p: { name: string }) => p.name)).toEqual(['Q1 Launch', 'Website refresh', '2025 Offsite']);
  });

  it('asana_list_projects passes Asana\'s message for an unknown workspace', async () => {
    const err = await failure(listProjects, { workspace_gid: '999' });
    expect(err).toMatchObject({ status: 400, message: 'Asana answered 400: workspace: Not a recognized ID: 999' });
  });

  it('asana_list_tasks lists a project\'s open tasks', async () => {
    const out = await runTool(listTasks, samples.asana_list_tasks.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: '/api/1.0/tasks', body: undefined,
      query: { project: LAUNCH, completed_since: 'now', limit: '10', opt_fields: 'name,completed,due_on,assignee.name,permalink_url' } });
    expectAuth(false);
    expect(out).toEqual({
      tasks: [
        { gid: '1203000000000001', name: 'Draft launch announcement', completed: false, due_on: '2026-12-10', assignee: 'Greg Sanchez', url: `https://app.asana.com/0/${LAUNCH}/1203000000000001` },
        { gid: '1203000000000002', name: 'Book venue for launch party', completed: false, due_on: '2026-12-05', assignee: 'Priya Patel', url: `https://app.asana.com/0/${LAUNCH}/1203000000000002` },
      ],
      next_cursor: null,
    });
  });

  it('asana_list_tasks lists my tasks in a workspace, completed ones too when asked, page by page', async () => {
    const first = await runTool(listTasks, { workspace_gid: WS, include_completed: true, limit: 2 }, ctx());
    expect(fake.last().query).toEqual({ workspace: WS, assignee: 'me', limit: '2', opt_fields: 'name,completed,due_on,assignee.name,permalink_url' });
    expect(first.tasks.map((t: { name: string }) => t.name)).toEqual(['Draft launch announcement', 'Pick launch date']);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await runTool(listTasks, { workspace_gid: WS, include_completed: true, limit: 2, cursor: first.next_cursor }, ctx());
    expect(fake.last().query.offset).toBe(first.next_cursor);
    expect(second.tasks.map((t: { name: string }) => t.name)).toEqual(['Update pricing page']);
    expect(second.next_cursor).toBeNull();
  });

  it('asana_list_tasks refuses an ambiguous scope before calling Asana', async () => {
    const err = await failure(listTasks, { project_gid: LAUNCH, assignee: 'me' });
    expect(err).toMatchObject({ providerCode: 'invalid_scope', status: undefined });
    expect(err.message).toContain('project_gid');
    expect((await failure(listTasks, {})).providerCode).toBe('invalid_scope');
    expect(sent()).toHaveLength(0);
  });

  it('asana_get_task reads one task with only the fields it shows', async () => {
    const out = await runTool(getTask, samples.asana_get_task.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: '/api/1.0/tasks/1203000000000001', query: { opt_fields: TASK_FIELDS }, body: undefined });
    expectAuth(false);
    expect(out).toEqual({
      gid: '1203000000000001', name: 'Draft launch announcement', notes: 'Blog post + email. Legal review by the 12th.', completed: false, due_on: '2026-12-10',
      assignee: { gid: '1201234567890123', name: 'Greg Sanchez' }, projects: [{ gid: LAUNCH, name: 'Q1 Launch' }],
      url: `https://app.asana.com/0/${LAUNCH}/1203000000000001`, modified_at: '2026-11-28T14:30:00.000Z',
    });
  });

  it('asana_get_task turns a 404 into a ToolFailure with Asana\'s message', async () => {
    const err = await failure(getTask, { task_gid: '404404' });
    expect(err).toMatchObject({ status: 404, providerCode: 'not_found', message: 'Asana answered 404: task: Unknown object: 404404' });
  });

  it('asana_create_task wraps the task in data, in a project', async () => {
    const out = await runTool(createTask, samples.asana_create_task.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'POST', path: '/api/1.0/tasks', query: { opt_fields: TASK_FIELDS } });
    expectAuth(true);
    expect(fake.last().body).toEqual({ data: { name: 'Send press kit', notes: 'PDF + logos', projects: [LAUNCH], assignee: 'ppatel@example.com', due_on: '2026-12-15' } });
    expect(out).toEqual({
      gid: '1203000000000100', name: 'Send press kit', notes: 'PDF + logos', completed: false, due_on: '2026-12-15',
      assignee: { gid: '1201234567890456', name: 'Priya Patel' }, projects: [{ gid: LAUNCH, name: 'Q1 Launch' }],
      url: `https://app.asana.com/0/${LAUNCH}/1203000000000100`, modified_at: '2026-12-01T12:00:00.000Z',
    });
  });

  it('asana_create_task files an unprojected task in a workspace, and needs one of the two', async () => {
    const out = await runTool(createTask, { name: 'Renew passport', workspace_gid: '1200000000000002' }, ctx());
    expect(fake.last().body).toEqual({ data: { name: 'Renew passport', workspace: '1200000000000002' } });
    expect(out).toMatchObject({ name: 'Renew passport', projects: [], assignee: null, due_on: null });
    mark = fake.requests.length;
    const err = await failure(createTask, { name: 'Floating' });
    expect(err.providerCode).toBe('missing_input');
    expect(err.message).toContain('project_gid or workspace_gid');
    expect(sent()).toHaveLength(0);
  });

  it('asana_update_task sends only the changed fields with PUT, null clearing a value', async () => {
    const out = await runTool(updateTask, samples.asana_update_task.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'PUT', path: '/api/1.0/tasks/1203000000000002', query: { opt_fields: TASK_FIELDS } });
    expectAuth(true);
    expect(fake.last().body).toEqual({ data: { completed: true, due_on: null, assignee: null } });
    expect(out).toMatchObject({ gid: '1203000000000002', name: 'Book venue for launch party', completed: true, due_on: null, assignee: null, modified_at: '2026-12-01T12:10:00.000Z' });
    mark = fake.requests.length;
    const err = await failure(updateTask, { task_gid: '1203000000000002' });
    expect(err.providerCode).toBe('missing_input');
    expect(sent()).toHaveLength(0);
  });

  it('asana_update_task reports an unknown assignee with Asana\'s message', async () => {
    const err = await failure(updateTask, { task_gid: '1203000000000001', assignee: 'nobody@example.com' });
    expect(err).toMatchObject({ status: 400, message: 'Asana answered 400: assignee: Not a recognized ID: nobody@example.com' });
  });

  it('asana_add_comment posts a story with the text', async () => {
    const out = await runTool(addComment, samples.asana_add_comment.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'POST', path: '/api/1.0/tasks/1203000000000001/stories', query: { opt_fields: 'text,created_at,created_by.name' } });
    expectAuth(true);
    expect(fake.last().body).toEqual({ data: { text: 'Legal approved the draft.' } });
    expect(out).toEqual({ gid: '1204000000000001', text: 'Legal approved the draft.', author: 'Greg Sanchez', created_at: '2026-12-01T12:15:00.000Z' });
  });
});
