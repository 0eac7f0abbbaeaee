import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ToolSpec } from '../../src/modules/tools/definition/tool-spec.js';
import { tools } from '../../src/modules/tools/catalog/confluence/index.js';
import { addComment } from '../../src/modules/tools/catalog/confluence/add-comment.js';
import { createPage } from '../../src/modules/tools/catalog/confluence/create-page.js';
import { getPage } from '../../src/modules/tools/catalog/confluence/get-page.js';
import { listSites } from '../../src/modules/tools/catalog/confluence/list-sites.js';
import { listSpaces } from '../../src/modules/tools/catalog/confluence/list-spaces.js';
import { search } from '../../src/modules/tools/catalog/confluence/search.js';
import { updatePage } from '../../src/modules/tools/catalog/confluence/update-page.js';
import { storageToText, textToStorage } from '../../src/modules/tools/catalog/confluence/storage-format.js';
import { fakeContext, runTool, expectConnectorShape, toolFailure } from '../helpers/tool-harness.js';
import { CONFLUENCE_CLOUD_ID as CLOUD, startConfluenceFake, type ConfluenceFake } from '../fakes/providers/confluence.js';
import { confluenceSamples as samples } from './samples/confluence.js';

const TOKEN = 'eyJraWQiOiJjb25mbHVlbmNlIn0.confluence-access';
const WIKI = `/ex/confluence/${CLOUD}/wiki`;
let fake: ConfluenceFake;
const ctx = () => fakeContext(fake.url, TOKEN);

const failure = (spec: ToolSpec, input: unknown, context = ctx()) => toolFailure(spec, input, context);

let mark = 0;
/** The requests one tool run sent, from the first of them on. */
const sent = () => fake.requests.slice(mark);

beforeAll(async () => { fake = await startConfluenceFake(); });
afterAll(async () => { await fake.close(); });
beforeEach(() => { mark = fake.requests.length; });

describe('confluence tools', () => {
  it('names the connector\'s tools uniquely, with definitions within the 2 KB budget', () => {
    expectConnectorShape(tools, { provider: 'confluence', names: ['confluence_search', 'confluence_get_page', 'confluence_create_page', 'confluence_update_page', 'confluence_add_comment', 'confluence_list_spaces', 'confluence_list_sites'], strictInput: false });
  });

  it('confluence_list_sites keeps only the Confluence entries of the accessible resources', async () => {
    const out = await runTool(listSites, samples.confluence_list_sites.input, ctx());
    expect(out).toEqual({ sites: [{ cloud_id: CLOUD, name: 'acme', url: 'https://acme.atlassian.net' }] });
    expect(sent()).toHaveLength(1);
    expect(fake.last()).toMatchObject({ method: 'GET', path: '/oauth/token/accessible-resources', query: {}, body: undefined });
    expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it('confluence_search sends the CQL to the v1 search, resolving the only site, and pages with the cursor', async () => {
    const first = await runTool(search, samples.confluence_search.input, ctx());
    const [sites, call] = sent();
    expect(sites.path).toBe('/oauth/token/accessible-resources');
    expect(call).toMatchObject({ method: 'GET', path: `${WIKI}/rest/api/search`, query: { cql: 'type = page AND space = ENG', limit: '1' }, body: undefined });
    expect(call.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(first.results).toEqual([{
      id: '65537', type: 'page', title: 'Engineering Home', space: 'Engineering', excerpt: 'Welcome to Engineering . & more',
      url: 'https://acme.atlassian.net/wiki/spaces/ENG/pages/65537/Engineering+Home',
    }]);
    expect(first.next_cursor).toEqual(expect.any(String));

    mark = fake.requests.length;
    const second = await runTool(search, { cloud_id: CLOUD, cql: 'type = page AND space = ENG', limit: 1, cursor: first.next_cursor }, ctx());
    expect(sent()).toHaveLength(1); // a given cloud_id needs no site lookup
    expect(fake.last().query).toEqual({ cql: 'type = page AND space = ENG', limit: '1', cursor: first.next_cursor });
    expect(second.results.map((r: { id: string }) => r.id)).toEqual(['131073']);
    expect(second.next_cursor).toBeNull();
  });

  it('confluence_search strips the hit markers from titles and excerpts', async () => {
    const out = await runTool(search, { cloud_id: CLOUD, cql: 'text ~ "badge"' }, ctx());
    expect(fake.last().query).toEqual({ cql: 'text ~ "badge"', limit: '10' });
    expect(out.results).toHaveLength(1);
    expect(out.results[0]).toMatchObject({ id: '131074', title: 'Onboarding checklist', space: 'People Ops', excerpt: 'Day one: laptop, badge. & more' });
  });

  it('confluence_search reports a CQL parse error without the Java exception name', async () => {
    const err = await failure(search, { cloud_id: CLOUD, cql: 'nonsense' });
    expect(err).toMatchObject({ status: 400, message: 'Confluence answered 400: Could not parse cql : nonsense' });
  });

  it('confluence_get_page reads the storage body as plain text', async () => {
    const out = await runTool(getPage, samples.confluence_get_page.input, ctx());
    expect(sent().map((r) => r.path)).toEqual(['/oauth/token/accessible-resources', `${WIKI}/api/v2/pages/131073`]);
    expect(fake.last()).toMatchObject({ method: 'GET', query: { 'body-format': 'storage' }, body: undefined });
    expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(out).toEqual({
      id: '131073', title: 'On-call runbook', status: 'current', space_id: '98306', parent_id: '65537', version: 3, updated: '2026-11-28T14:05:12.431Z',
      url: 'https://acme.atlassian.net/wiki/spaces/ENG/pages/131073/On-call+runbook',
      body: 'Paging\n\nEscalate after 15 minutes & page the @user.\n\n- Check the status page (https://status.example.com)\n- See Incident template\n\nkubectl get pods -n api\n\nSev\tResponse\n1\t5 min',
    });
  });

  it('confluence_get_page turns a 404 into a ToolFailure with the v2 error code', async () => {
    const err = await failure(getPage, { cloud_id: CLOUD, page_id: '999' });
    expect(err).toMatchObject({ status: 404, providerCode: 'not_found', message: 'Confluence answered 404: Not Found' });
  });

  it('confluence_create_page looks a space key up and posts the body in storage format', async () => {
    const out = await runTool(createPage, samples.confluence_create_page.input, ctx());
    const [lookup, create] = sent();
    expect(lookup).toMatchObject({ method: 'GET', path: `${WIKI}/api/v2/spaces`, query: { keys: 'ENG', limit: '1' } });
    expect(create).toMatchObject({ method: 'POST', path: `${WIKI}/api/v2/pages`, query: {} });
    expect(create.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(create.headers['content-type']).toBe('application/json');
    expect(create.body).toEqual({
      spaceId: '98306', status: 'current', title: 'Release notes 4.2', parentId: '65537',
      body: { representation: 'storage', value: '<p>Fixed &lt;login&gt; &amp; SSO.<br />Thanks all.</p><p>Next: 4.3</p>' },
    });
    expect(out).toEqual({ id: '196609', title: 'Release notes 4.2', version: 1, url: 'https://acme.atlassian.net/wiki/spaces/ENG/pages/196609/Release+notes+4.2' });
    const read = await runTool(getPage, { cloud_id: CLOUD, page_id: out.id }, ctx());
    expect(read.body).toBe('Fixed <login> & SSO.\nThanks all.\n\nNext: 4.3');
  });

  it('confluence_create_page by space_id needs no lookup, and names Confluence\'s refusal', async () => {
    await runTool(createPage, { cloud_id: CLOUD, space_id: '98307', title: 'Benefits' }, ctx());
    expect(sent()).toHaveLength(1);
    expect(fake.last().body).toEqual({ spaceId: '98307', status: 'current', title: 'Benefits', body: { representation: 'storage', value: '' } });
    const err = await failure(createPage, { cloud_id: CLOUD, space_id: '98307', title: 'Benefits' });
    expect(err).toMatchObject({ status: 400, providerCode: 'invalid_request_parameter' });
    expect(err.message).toBe('Confluence answered 400: A page with this title already exists: A page already exists with the same TITLE in this space');
    const missing = await failure(createPage, { cloud_id: CLOUD, space_key: 'NOPE', title: 'x' });
    expect(missing).toMatchObject({ status: 404, providerCode: 'space_not_found' });
  });

  it('confluence_update_page reads the current version and saves the next one, keeping what was not given', async () => {
    const out = await runTool(updatePage, samples.confluence_update_page.input, ctx());
    const [read, write] = sent();
    expect(read).toMatchObject({ method: 'GET', path: `${WIKI}/api/v2/pages/131074`, query: { 'body-format': 'storage' } });
    expect(write).toMatchObject({ method: 'PUT', path: `${WIKI}/api/v2/pages/131074`, query: {} });
    expect(write.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(write.body).toEqual({
      id: '131074', status: 'current', title: 'Onboarding checklist (2027)',
      body: { representation: 'storage', value: '<p>Day one: laptop, badge.</p>' }, version: { number: 3, message: 'rename' },
    });
    expect(out).toEqual({ id: '131074', title: 'Onboarding checklist (2027)', version: 3, url: 'https://acme.atlassian.net/wiki/spaces/HR/pages/131074/Onboarding+checklist+(2027)' });

    mark = fake.requests.length;
    const appended = await runTool(updatePage, { cloud_id: CLOUD, page_id: '131074', body: 'Day two: accounts.', append: true }, ctx());
    expect(fake.last().body).toMatchObject({
      title: 'Onboarding checklist (2027)', version: { number: 4 },
      body: { representation: 'storage', value: '<p>Day one: laptop, badge.</p><p>Day two: accounts.</p>' },
    });
    expect(appended.version).toBe(4);
    await runTool(updatePage, { cloud_id: CLOUD, page_id: '131074', body: 'Replaced.' }, ctx());
    expect(fake.pages.get('131074')!.storage).toBe('<p>Replaced.</p>');
  });

  it('confluence_update_page reports a version conflict as a 409', async () => {
    const page = fake.pages.get('65537')!;
    // Someone else saves between our read and our write: the wrapper bumps the stored version after the GET.
    const realVersion = page.version.number;
    const ctxRacing = fakeContext(fake.url, TOKEN);
    const racing = { request: async (req: Parameters<typeof ctxRacing.request>[0], opts?: Parameters<typeof ctxRacing.request>[1]) => {
      const res = await ctxRacing.request(req, opts);
      if (req.method === 'GET' && req.path.endsWith('/pages/65537')) page.version.number += 1;
      return res;
    } };
    const err = await toolFailure(updatePage, { cloud_id: CLOUD, page_id: '65537', body: 'x' }, racing);
    expect(err).toMatchObject({ status: 409, providerCode: 'conflict', message: `Confluence answered 409: Version must be incremented on update. Current version is: ${realVersion + 1}` });
  });

  it('confluence_add_comment posts a footer comment in storage format', async () => {
    const out = await runTool(addComment, samples.confluence_add_comment.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'POST', path: `${WIKI}/api/v2/footer-comments`, query: {} });
    expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(fake.last().body).toEqual({ pageId: '131073', body: { representation: 'storage', value: '<p>Updated the pager rota.</p>' } });
    expect(out).toEqual({ id: expect.any(String), page_id: '131073', created: '2026-12-01T12:05:00.000Z' }); // v2 comments carry no _links.base
    expect(fake.comments.at(-1)).toEqual({ id: out.id, pageId: '131073', storage: '<p>Updated the pager rota.</p>' });
    const err = await failure(addComment, { cloud_id: CLOUD, page_id: '404', text: 'x' });
    expect(err).toMatchObject({ status: 404, providerCode: 'not_found' });
  });

  it('confluence_list_spaces pages with the cursor of _links.next and filters by type', async () => {
    const first = await runTool(listSpaces, samples.confluence_list_spaces.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: `${WIKI}/api/v2/spaces`, query: { status: 'current', limit: '2' }, body: undefined });
    expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(first.spaces).toEqual([
      { id: '98306', key: 'ENG', name: 'Engineering', type: 'global', homepage_id: '65537', url: 'https://acme.atlassian.net/wiki/spaces/ENG' },
      { id: '98307', key: 'HR', name: 'People Ops', type: 'global', homepage_id: '65600', url: 'https://acme.atlassian.net/wiki/spaces/HR' },
    ]);
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await runTool(listSpaces, { cloud_id: CLOUD, limit: 2, cursor: first.next_cursor }, ctx());
    expect(fake.last().query).toEqual({ status: 'current', limit: '2', cursor: first.next_cursor });
    expect(second).toEqual({ spaces: [expect.objectContaining({ key: '~557058f58131cb', type: 'personal' })], next_cursor: null });
    const personal = await runTool(listSpaces, { cloud_id: CLOUD, type: 'personal' }, ctx());
    expect(fake.last().query).toEqual({ type: 'personal', status: 'current', limit: '25' });
    expect(personal.spaces.map((s: { key: string }) => s.key)).toEqual(['~557058f58131cb']);
  });

  it('asks for cloud_id, naming the sites, when the account reaches several Confluence sites', async () => {
    fake.sites.push({ id: '99887766-a1b2-3b33-c444-def123456789', url: 'https://beta.atlassian.net', name: 'beta', scopes: ['read:confluence-content.all'], avatarUrl: '' });
    try {
      const err = await failure(listSpaces, {});
      expect(err.providerCode).toBe('ambiguous_site');
      expect(err.message).toContain(`${CLOUD} (acme), 99887766-a1b2-3b33-c444-def123456789 (beta)`);
      expect(sent()).toHaveLength(1);
    } finally {
      fake.sites.pop();
    }
  });

  it('converts plain text to storage format and back', () => {
    const text = 'Line one\nline <two>\n\nSecond & last';
    expect(storageToText(textToStorage(text))).toBe(text);
    expect(storageToText('<ol><li>one</li><li>two</li></ol><p>a<ac:emoticon ac:name="smile" />b</p>')).toBe('- one\n- two\n\nab');
    expect(storageToText(null)).toBe('');
    expect(storageToText('<p>' + 'x'.repeat(50) + '</p>', 10)).toBe(`${'x'.repeat(10)}…`);
  });
});
