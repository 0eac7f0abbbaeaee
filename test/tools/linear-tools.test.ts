import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ToolFailure } from '../../src/modules/tools/definition/tool-spec.js';
import { tools } from '../../src/modules/tools/catalog/linear/index.js';
import { linearQuery } from '../../src/modules/tools/catalog/linear/linear-graphql.js';
import { fakeContext, runTool, expectConnectorShape, toolFailure } from '../helpers/tool-harness.js';
import { ADA_ID, BUG_LABEL_ID, DONE_STATE_ID, ENG_TEAM_ID, GRACE_ID, ISSUE_ID, startLinearFake, type LinearFake } from '../fakes/providers/linear.js';
import { linearSamples as samples } from './samples/linear.js';

const tool = (name: string) => {
  const spec = tools.find((t) => t.definition.name === name);
  if (!spec) throw new Error(`no tool ${name}`);
  return spec;
};

let fake: LinearFake;
beforeAll(async () => { fake = await startLinearFake(); });
afterAll(async () => { await fake.close(); });
const ctx = () => fakeContext(fake.url, 'lin_oauth_test');

/** Every tool is one POST /graphql with the bearer token; returns the operation and variables sent. */
function lastOperation() {
  const r = fake.last();
  expect(r).toMatchObject({ method: 'POST', path: '/graphql', query: {} });
  expect(r.headers.authorization).toBe('Bearer lin_oauth_test');
  expect(r.headers['content-type']).toBe('application/json');
  expect(Object.keys(r.body).sort()).toEqual(['query', 'variables']);
  return { operation: r.operation, variables: r.body.variables };
}

const ENG_123 = {
  id: ISSUE_ID, identifier: 'ENG-123', title: 'Login fails on Safari', state: 'In Progress', state_type: 'started', priority: 'High',
  assignee: 'Ada Lovelace', team_key: 'ENG', due_date: '2024-03-08', updated_at: '2024-03-04T10:00:00.000Z',
  url: 'https://linear.app/acme/issue/ENG-123/login-fails-on-safari',
};

describe('linear tools', () => {
  it('has the expected tools, each definition within the 2 KB budget', () => {
    expectConnectorShape(tools, {
      provider: 'linear',
      match: 'sorted',
      strictInput: false,
      names: [
        'linear_add_comment', 'linear_create_issue', 'linear_get_issue', 'linear_list_issues', 'linear_list_teams', 'linear_list_workflow_states', 'linear_update_issue',
      ],
    });
  });

  it('linear_list_teams pages through teams with a cursor', async () => {
    const first = await runTool(tool('linear_list_teams'), samples.linear_list_teams.input, ctx());
    expect(lastOperation()).toEqual({ operation: { name: 'ListTeams', kind: 'query', fields: ['teams'] }, variables: { first: 1 } });
    expect(first).toEqual({ teams: [{ id: ENG_TEAM_ID, key: 'ENG', name: 'Engineering', description: 'Product engineering' }], next_cursor: ENG_TEAM_ID });
    const second = await runTool(tool('linear_list_teams'), { first: 1, after: first.next_cursor }, ctx());
    expect(lastOperation().variables).toEqual({ first: 1, after: ENG_TEAM_ID });
    expect(second).toEqual({ teams: [expect.objectContaining({ key: 'DES', description: null })], next_cursor: null });
  });

  it('linear_list_issues builds an IssueFilter and trims each issue', async () => {
    const out = await runTool(tool('linear_list_issues'), samples.linear_list_issues.input, ctx());
    expect(lastOperation()).toEqual({
      operation: { name: 'ListIssues', kind: 'query', fields: ['issues'] },
      variables: {
        first: 25,
        filter: { team: { id: { eq: ENG_TEAM_ID } }, assignee: { isMe: { eq: true } }, state: { type: { eq: 'started' } }, title: { containsIgnoreCase: 'safari' } },
      },
    });
    expect(out).toEqual({ issues: [ENG_123], next_cursor: null });
  });

  it('linear_list_issues without filters lists the newest updates first, by assignee id when given', async () => {
    const all = await runTool(tool('linear_list_issues'), { first: 2 }, ctx());
    expect(lastOperation().variables).toEqual({ first: 2 });
    expect(all.issues.map((i: any) => i.identifier)).toEqual(['ENG-123', 'ENG-124']);
    expect(all.issues[1]).toMatchObject({ assignee: null, due_date: null, priority: 'Medium' });
    expect(all.next_cursor).toBe(all.issues[1].id);
    const grace = await runTool(tool('linear_list_issues'), { assignee_id: GRACE_ID }, ctx());
    expect(lastOperation().variables).toEqual({ first: 25, filter: { assignee: { id: { eq: GRACE_ID } } } });
    expect(grace.issues.map((i: any) => i.identifier)).toEqual(['DES-7']);
  });

  it('linear_get_issue reads an issue by identifier with labels, project and comments', async () => {
    const out = await runTool(tool('linear_get_issue'), samples.linear_get_issue.input, ctx());
    expect(lastOperation()).toEqual({ operation: { name: 'GetIssue', kind: 'query', fields: ['issue'] }, variables: { id: 'ENG-123' } });
    expect(out).toEqual({
      ...ENG_123,
      description: 'Safari 17 users get a blank page after **Sign in**.',
      created_at: '2024-03-01T09:00:00.000Z',
      labels: ['Bug'],
      project: 'Q1 Auth revamp',
      comments: [{ id: '0a1b2c3d-4e5f-4a6b-8c7d-8e9f0a1b2c3d', author: 'Grace Hopper', body: 'Reproduced on 17.2.', created_at: '2024-03-02T08:00:00.000Z' }],
    });
  });

  it('linear_create_issue maps snake_case fields to IssueCreateInput', async () => {
    const out = await runTool(tool('linear_create_issue'), samples.linear_create_issue.input, ctx());
    expect(lastOperation()).toEqual({
      operation: { name: 'CreateIssue', kind: 'mutation', fields: ['issueCreate'] },
      variables: { input: { teamId: ENG_TEAM_ID, title: 'Crash on logout', description: 'Steps:\n1. Log out', priority: 1, assigneeId: ADA_ID, labelIds: [BUG_LABEL_ID], dueDate: '2024-03-20' } },
    });
    expect(out).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/), identifier: 'ENG-200', title: 'Crash on logout', state: 'Todo', state_type: 'unstarted', priority: 'Urgent',
      assignee: 'Ada Lovelace', team_key: 'ENG', due_date: '2024-03-20', updated_at: '2024-03-06T12:00:00.000Z', url: 'https://linear.app/acme/issue/ENG-200/crash-on-logout',
    });
  });

  it('linear_update_issue sends only the given fields; null unassigns', async () => {
    const out = await runTool(tool('linear_update_issue'), samples.linear_update_issue.input, ctx());
    expect(lastOperation()).toEqual({
      operation: { name: 'UpdateIssue', kind: 'mutation', fields: ['issueUpdate'] },
      variables: { id: 'ENG-124', input: { stateId: DONE_STATE_ID, assigneeId: null } },
    });
    expect(out).toMatchObject({ identifier: 'ENG-124', state: 'Done', state_type: 'completed', assignee: null, updated_at: '2024-03-06T12:30:00.000Z' });
  });

  it('linear_add_comment posts a markdown comment and it reads back on the issue', async () => {
    const out = await runTool(tool('linear_add_comment'), samples.linear_add_comment.input, ctx());
    expect(lastOperation()).toEqual({
      operation: { name: 'AddComment', kind: 'mutation', fields: ['commentCreate'] },
      variables: { input: { issueId: ISSUE_ID, body: 'Fixed in **#42**' } },
    });
    expect(out).toEqual({ id: '5c6d7e8f-9a0b-4c1d-8e2f-3a4b5c6d7e01', url: 'https://linear.app/acme/issue/ENG-123/login-fails-on-safari#comment-5c6d7e8f', created_at: '2024-03-06T13:00:00.000Z' });
    const issue = await runTool(tool('linear_get_issue'), { issue_id: ISSUE_ID }, ctx());
    expect(issue.comments.at(-1)).toEqual({ id: out.id, author: 'Ada Lovelace', body: 'Fixed in **#42**', created_at: out.created_at });
  });

  it("linear_list_workflow_states lists a team's states in board order", async () => {
    const out = await runTool(tool('linear_list_workflow_states'), samples.linear_list_workflow_states.input, ctx());
    expect(lastOperation()).toEqual({
      operation: { name: 'ListWorkflowStates', kind: 'query', fields: ['workflowStates'] },
      variables: { first: 50, filter: { team: { id: { eq: ENG_TEAM_ID } } } },
    });
    expect(out.states.map((s: any) => [s.name, s.type])).toEqual([['Backlog', 'backlog'], ['Todo', 'unstarted'], ['In Progress', 'started'], ['Done', 'completed']]);
    expect(out.states[3]).toEqual({ id: DONE_STATE_ID, name: 'Done', type: 'completed', team_key: 'ENG' });
    expect(out.next_cursor).toBeNull();
  });

  it('GraphQL errors in a 200 answer become a ToolFailure with Linear\'s code and message', async () => {
    const err = await toolFailure(tool('linear_get_issue'), { issue_id: 'ENG-999' }, ctx());
    expect(fake.last().operation?.name).toBe('GetIssue');
    expect(err).toMatchObject({ status: 400, providerCode: 'INPUT_ERROR', message: 'Linear INPUT_ERROR: Could not find referenced Issue.' });

    const update = await runTool(tool('linear_add_comment'), { issue_id: 'ENG-999', body: 'hi' }, ctx()).catch((e) => e);
    expect(update).toMatchObject({ status: 400, providerCode: 'INPUT_ERROR' });
  });

  it('an authentication error answered as 400 carries status 401 for the runtime', async () => {
    const err = await toolFailure(tool('linear_list_teams'), {}, fakeContext(fake.url, ''));
    expect(err).toMatchObject({ status: 401, providerCode: 'AUTHENTICATION_ERROR', message: 'Linear AUTHENTICATION_ERROR: You need to authenticate to access this operation.' });
  });

  it('a schema error (HTTP 400) is a ToolFailure too, so a field Linear lacks cannot pass unnoticed', async () => {
    const err = await linearQuery(ctx(), 'query Bad($id: String!) { issue(id: $id) { id assigneeName } }', { id: ISSUE_ID }).catch((e) => e);
    expect(err).toBeInstanceOf(ToolFailure);
    expect(err).toMatchObject({ status: 400, providerCode: 'GRAPHQL_VALIDATION_FAILED', message: 'Linear GRAPHQL_VALIDATION_FAILED: Cannot query field "assigneeName" on type "Issue".' });
  });
});
