import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ToolSpec } from '../../src/modules/tools/definition/tool-spec.js';
import { tools } from '../../src/modules/tools/catalog/jira/index.js';
import { addComment } from '../../src/modules/tools/catalog/jira/add-comment.js';
import { adfToText, textToAdf } from '../../src/modules/tools/catalog/jira/adf.js';
import { createIssue } from '../../src/modules/tools/catalog/jira/create-issue.js';
import { getIssue } from '../../src/modules/tools/catalog/jira/get-issue.js';
import { listProjects } from '../../src/modules/tools/catalog/jira/list-projects.js';
import { listSites } from '../../src/modules/tools/catalog/jira/list-sites.js';
import { searchIssues } from '../../src/modules/tools/catalog/jira/search-issues.js';
import { transitionIssue } from '../../src/modules/tools/catalog/jira/transition-issue.js';
import { fakeContext, runTool, expectConnectorShape, toolFailure } from '../helpers/tool-harness.js';
import { JIRA_CLOUD_ID, startJiraFake, type JiraFake } from '../fakes/providers/jira.js';
import { jiraSamples as samples } from './samples/jira.js';

const TOKEN = 'eyJraWQiOiJqaXJhLXRlc3QifQ.jira-access';
const SITE = `/ex/jira/${JIRA_CLOUD_ID}/rest/api/3`;
let fake: JiraFake;
const ctx = () => fakeContext(fake.url, TOKEN);

const failure = (spec: ToolSpec, input: unknown, context = ctx()) => toolFailure(spec, input, context);

/** The requests one tool run sent, from the first of them on. */
let mark = 0;
const sent = () => fake.requests.slice(mark);

beforeAll(async () => { fake = await startJiraFake(); });
afterAll(async () => { await fake.close(); });
beforeEach(() => { mark = fake.requests.length; });

describe('jira tools', () => {
  it('names the connector\'s tools uniquely, with definitions within the 2 KB budget', () => {
    expectConnectorShape(tools, { provider: 'jira', names: ['jira_create_issue', 'jira_search_issues', 'jira_get_issue', 'jira_add_comment', 'jira_transition_issue', 'jira_list_projects'], match: 'includes', strictInput: false });
  });

  it('jira_list_sites lists Jira sites once each, from the accessible resources', async () => {
    const out = await runTool(listSites, samples.jira_list_sites.input, ctx());
    expect(out).toEqual({ sites: [{ cloud_id: JIRA_CLOUD_ID, name: 'acme', url: 'https://acme.atlassian.net' }] });
    expect(sent()).toHaveLength(1);
    expect(fake.last()).toMatchObject({ method: 'GET', path: '/oauth/token/accessible-resources', query: {}, body: undefined });
    expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('jira_search_issues posts the JQL to the enhanced search, resolving the only site, and pages with the token', async () => {
    const first = await runTool(searchIssues, samples.jira_search_issues.input, ctx());
    const [sites, search] = sent();
    expect(sites.path).toBe('/oauth/token/accessible-resources');
    expect(search).toMatchObject({ method: 'POST', path: `${SITE}/search/jql`, query: {} });
    expect(search.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(search.headers['content-type']).toBe('application/json');
    expect(search.body).toEqual({ jql: 'project = PROJ ORDER BY updated DESC', maxResults: 2, fields: ['summary', 'status', 'issuetype', 'priority', 'assignee', 'updated'] });
    expect(first.issues).toEqual([
      { id: '10042', key: 'PROJ-42', summary: 'Login page times out behind the corporate proxy', status: 'In Progress', status_category: 'indeterminate', type: 'Bug', priority: 'High', assignee: 'Ana Lima', updated: '2026-11-30T16:02:11.000+0000' },
      { id: '10043', key: 'PROJ-43', summary: 'Rotate the signing keys', status: 'To Do', status_category: 'new', type: 'Task', priority: 'Medium', assignee: null, updated: '2026-11-29T08:00:00.000+0000' },
    ]);
    expect(first.next_cursor).toEqual(expect.any(String));

    mark = fake.requests.length;
    const second = await runTool(searchIssues, { cloud_id: JIRA_CLOUD_ID, jql: 'project = PROJ ORDER BY updated DESC', max_results: 2, cursor: first.next_cursor }, ctx());
    expect(sent()).toHaveLength(1); // a given cloud_id needs no site lookup
    expect(fake.last().body).toMatchObject({ nextPageToken: first.next_cursor, maxResults: 2 });
    expect(second.issues.map((i: { key: string }) => i.key)).toEqual(['PROJ-44']);
    expect(second.next_cursor).toBeNull();
  });

  it('jira_search_issues reports Jira\'s refusal of an unbounded query as a 400 a model can act on', async () => {
    const err = await failure(searchIssues, { cloud_id: JIRA_CLOUD_ID, jql: 'ORDER BY created DESC' });
    expect(err.status).toBe(400);
    expect(err.message).toBe('Jira answered 400: Unbounded JQL queries are not allowed here. Please add a search restriction to your query.');
  });

  it('jira_get_issue reads the issue with only the fields it shows, the description as plain text', async () => {
    const out = await runTool(getIssue, samples.jira_get_issue.input, ctx());
    expect(fake.last()).toMatchObject({
      method: 'GET', path: `${SITE}/issue/PROJ-42`,
      query: { fields: 'summary,status,issuetype,priority,assignee,updated,project,parent,reporter,created,labels,description,comment' }, body: undefined,
    });
    expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(out).toEqual({
      id: '10042', key: 'PROJ-42', summary: 'Login page times out behind the corporate proxy', status: 'In Progress', status_category: 'indeterminate',
      type: 'Bug', priority: 'High', assignee: 'Ana Lima', updated: '2026-11-30T16:02:11.000+0000',
      project_key: 'PROJ', parent_key: null, reporter: 'Mia Krystof', created: '2026-11-20T09:15:00.000+0000', labels: ['auth', 'customer'],
      description: 'Users behind Zscaler see a spinner.\n\n- Chrome 131\n- Firefox 133\n\nSee https://status.example.com/incidents/7',
      comment_total: 2,
      comments: [
        { id: '10100', author: 'Mia Krystof', created: '2026-11-21T10:00:00.000+0000', text: 'Reproduced on staging.' },
        { id: '10101', author: 'Ana Lima', created: '2026-11-30T16:02:11.000+0000', text: 'Fix in review.' },
      ],
    });
  });

  it('jira_get_issue turns a 404 into a ToolFailure with Jira\'s message', async () => {
    const err = await failure(getIssue, { cloud_id: JIRA_CLOUD_ID, issue_key: 'PROJ-999' });
    expect(err).toMatchObject({ status: 404, providerCode: 'not_found', message: 'Jira answered 404: Issue does not exist or you do not have permission to see it.' });
  });

  it('jira_create_issue sends the fields with the description in ADF, and answers the new key', async () => {
    const out = await runTool(createIssue, samples.jira_create_issue.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'POST', path: `${SITE}/issue`, query: {} });
    expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(fake.last().body).toEqual({
      fields: {
        project: { key: 'PROJ' }, summary: 'Add SSO to the admin console', issuetype: { name: 'Story' }, labels: ['sso'], priority: { name: 'High' },
        assignee: { accountId: '5b10a2844c20165700ede21g' },
        description: { type: 'doc', version: 1, content: [
          { type: 'paragraph', content: [{ type: 'text', text: 'As an admin I sign in with SSO.' }, { type: 'hardBreak' }, { type: 'text', text: 'No password.' }] },
          { type: 'paragraph', content: [{ type: 'text', text: 'Acceptance: Okta works.' }] },
        ] },
      },
    });
    expect(out).toEqual({ id: '10046', key: 'PROJ-103' });
    const read = await runTool(getIssue, { cloud_id: JIRA_CLOUD_ID, issue_key: out.key }, ctx());
    expect(read.description).toBe('As an admin I sign in with SSO.\nNo password.\n\nAcceptance: Okta works.');
  });

  it('jira_create_issue defaults the type to Task and names the field Jira refused', async () => {
    await runTool(createIssue, { cloud_id: JIRA_CLOUD_ID, project_key: 'OPS', summary: 'Page the DBA' }, ctx());
    expect(fake.last().body).toEqual({ fields: { project: { key: 'OPS' }, summary: 'Page the DBA', issuetype: { name: 'Task' } } });
    const err = await failure(createIssue, { cloud_id: JIRA_CLOUD_ID, project_key: 'NOPE', summary: 'x' });
    expect(err).toMatchObject({ status: 400, message: 'Jira answered 400: project: valid project is required' });
  });

  it('jira_add_comment posts the text as an ADF body', async () => {
    const out = await runTool(addComment, samples.jira_add_comment.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'POST', path: `${SITE}/issue/PROJ-43/comment`, query: {} });
    expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(fake.last().body).toEqual({ body: { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Scheduled for Friday.' }] }] } });
    expect(out).toEqual({ id: '10200', author: 'Mia Krystof', created: '2026-12-01T12:05:00.000+0000' });
  });

  it('jira_transition_issue finds the transition by target status and posts its id', async () => {
    const out = await runTool(transitionIssue, samples.jira_transition_issue.input, ctx());
    const [sites, list, move] = sent();
    expect(sent()).toHaveLength(3); // the site is looked up once for both calls
    expect(sites.path).toBe('/oauth/token/accessible-resources');
    expect(list).toMatchObject({ method: 'GET', path: `${SITE}/issue/PROJ-43/transitions`, body: undefined });
    expect(move).toMatchObject({ method: 'POST', path: `${SITE}/issue/PROJ-43/transitions`, body: { transition: { id: '21' } } });
    expect(move.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(out).toEqual({ issue_key: 'PROJ-43', transition_id: '21', transition_name: 'Start Progress', status: 'In Progress' });
    const read = await runTool(getIssue, { cloud_id: JIRA_CLOUD_ID, issue_key: 'PROJ-43' }, ctx());
    expect(read.status).toBe('In Progress');
  });

  it('jira_transition_issue lists the available transitions when none matches, without moving', async () => {
    const err = await failure(transitionIssue, { cloud_id: JIRA_CLOUD_ID, issue_key: 'PROJ-42', transition: 'Archived' });
    expect(err.providerCode).toBe('transition_not_found');
    expect(err.message).toBe('no transition "Archived" is available for PROJ-42 now; available: To Do (→ To Do), Done (→ Done)');
    expect(sent().map((r) => r.method)).toEqual(['GET']);
  });

  it('jira_list_projects pages with startAt and filters by query', async () => {
    const first = await runTool(listProjects, samples.jira_list_projects.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: `${SITE}/project/search`, query: { startAt: '0', maxResults: '2' }, body: undefined });
    expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(first).toEqual({
      projects: [{ id: '10000', key: 'PROJ', name: 'Platform', type: 'software' }, { id: '10001', key: 'OPS', name: 'Operations', type: 'business' }],
      next_cursor: '2',
    });
    const second = await runTool(listProjects, { cloud_id: JIRA_CLOUD_ID, max_results: 2, cursor: '2' }, ctx());
    expect(fake.last().query).toEqual({ startAt: '2', maxResults: '2' });
    expect(second).toEqual({ projects: [{ id: '10002', key: 'WEB', name: 'Website', type: 'software' }], next_cursor: null });
    const found = await runTool(listProjects, { cloud_id: JIRA_CLOUD_ID, query: 'oper' }, ctx());
    expect(fake.last().query).toEqual({ startAt: '0', maxResults: '50', query: 'oper' });
    expect(found.projects.map((p: { key: string }) => p.key)).toEqual(['OPS']);
  });

  it('asks for cloud_id, naming the sites, when the account reaches several', async () => {
    fake.sites.push({ id: '99887766-a1b2-3b33-c444-def123456789', url: 'https://beta.atlassian.net', name: 'beta', scopes: ['read:jira-work'], avatarUrl: '' });
    try {
      const err = await failure(listProjects, {});
      expect(err.providerCode).toBe('ambiguous_site');
      expect(err.message).toContain(`${JIRA_CLOUD_ID} (acme), 99887766-a1b2-3b33-c444-def123456789 (beta)`);
      expect(sent()).toHaveLength(1);
    } finally {
      fake.sites.pop();
    }
  });

  it('converts plain text to ADF and back', () => {
    const text = 'Line one\nline two\n\nSecond paragraph';
    expect(adfToText(textToAdf(text))).toBe(text);
    expect(adfToText({ type: 'doc', version: 1, content: [{ type: 'orderedList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'mention', attrs: { text: '@Ana' } }] }] }] }] })).toBe('1. @Ana');
    expect(adfToText(null)).toBe('');
    expect(adfToText(textToAdf('x'.repeat(50)), 10)).toBe(`${'x'.repeat(10)}…`);
  });
});
