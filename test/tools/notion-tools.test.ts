import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tools } from '../../src/modules/tools/catalog/notion/index.js';
import { fakeContext, runTool, expectConnectorShape, toolFailure } from '../helpers/tool-harness.js';
import { DATABASE_ID, LIST_BLOCK_ID, PAGE_ID, ROW_ID, startNotionFake, type NotionFake } from '../fakes/providers/notion.js';
import { notionSamples as samples } from './samples/notion.js';

const tool = (name: string) => {
  const spec = tools.find((t) => t.definition.name === name);
  if (!spec) throw new Error(`no tool ${name}`);
  return spec;
};

let fake: NotionFake;
beforeAll(async () => { fake = await startNotionFake(); });
afterAll(async () => { await fake.close(); });
const ctx = () => fakeContext(fake.url, 'ntn_test_secret');

/** Every Notion call carries the bearer token and the pinned API version. */
function expectNotionHeaders(json: boolean) {
  const h = fake.last().headers;
  expect(h.authorization).toBe('Bearer ntn_test_secret');
  expect(h['notion-version']).toBe('2022-06-28');
  expect(h['content-type']).toBe(json ? 'application/json' : undefined);
}

describe('notion tools', () => {
  it('has the expected tools, each definition within the 2 KB budget', () => {
    expectConnectorShape(tools, {
      provider: 'notion',
      match: 'sorted',
      strictInput: false,
      names: [
        'notion_append_blocks', 'notion_create_page', 'notion_get_database', 'notion_get_page', 'notion_get_page_content', 'notion_query_database', 'notion_search',
      ],
    });
  });

  it('notion_search posts the title query and trims results to id, title and url', async () => {
    const out = await runTool(tool('notion_search'), samples.notion_search.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'POST', path: '/v1/search', query: {} });
    expect(fake.last().body).toEqual({ query: 'launch', filter: { property: 'object', value: 'page' }, sort: { direction: 'descending', timestamp: 'last_edited_time' }, page_size: 10 });
    expectNotionHeaders(true);
    expect(out).toEqual({
      results: [{ id: ROW_ID, object: 'page', title: 'Write launch post', url: 'https://www.notion.so/Write-launch-post-598337872cf94fdf8782e53db20768a5', last_edited_time: '2024-03-04T16:20:00.000Z' }],
      next_cursor: null,
    });
  });

  it('notion_search pages with next_cursor until null', async () => {
    const first = await runTool(tool('notion_search'), { page_size: 2 }, ctx());
    expect(fake.last().body).toEqual({ sort: { direction: 'descending', timestamp: 'last_edited_time' }, page_size: 2 });
    expect(first.results.map((r: any) => r.object)).toEqual(['page', 'page']);
    expect(first.next_cursor).toBe(DATABASE_ID);
    const second = await runTool(tool('notion_search'), { page_size: 2, start_cursor: first.next_cursor }, ctx());
    expect(fake.last().body.start_cursor).toBe(DATABASE_ID);
    expect(second).toEqual({ results: [expect.objectContaining({ id: DATABASE_ID, object: 'database', title: 'Tasks' })], next_cursor: null });
  });

  it('notion_get_page decodes the properties of a database row', async () => {
    const out = await runTool(tool('notion_get_page'), samples.notion_get_page.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: '/v1/pages/598337872cf94fdf8782e53db20768a5', query: {}, body: {} });
    expectNotionHeaders(false);
    expect(out).toEqual({
      id: ROW_ID,
      title: 'Write launch post',
      url: 'https://www.notion.so/Write-launch-post-598337872cf94fdf8782e53db20768a5',
      parent: { type: 'database_id', id: DATABASE_ID },
      created_time: '2024-03-01T09:00:00.000Z',
      last_edited_time: '2024-03-04T16:20:00.000Z',
      archived: false,
      properties: { Name: 'Write launch post', Status: 'In progress', Tags: ['launch', 'blog'], Due: '2024-03-15', Estimate: 3, Done: false, Assignee: ['Ada Lovelace'] },
    });
  });

  it('notion_get_page_content decodes blocks to plain text', async () => {
    const out = await runTool(tool('notion_get_page_content'), samples.notion_get_page_content.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: `/v1/blocks/${PAGE_ID}/children`, query: { page_size: '50' } });
    expectNotionHeaders(false);
    expect(out.next_cursor).toBeNull();
    expect(out.blocks.map((b: any) => [b.type, b.text])).toEqual([
      ['heading_1', 'Goals'],
      ['paragraph', 'Ship the beta by March.'],
      ['to_do', 'Book the venue'],
      ['bulleted_list_item', 'Risks'],
      ['code', '[bash] npm run launch'],
      ['divider', '---'],
      ['child_page', 'Meeting notes'],
    ]);
    expect(out.blocks[2]).toEqual({ id: 'e8b3e0f4-5e43-4ab3-a4f5-8b1f4e2d7f11', type: 'to_do', text: 'Book the venue', has_children: false, checked: true });
    expect(out.blocks[3]).toMatchObject({ id: LIST_BLOCK_ID, has_children: true });

    const page2 = await runTool(tool('notion_get_page_content'), { page_id: PAGE_ID, page_size: 3, start_cursor: out.blocks[3].id }, ctx());
    expect(fake.last().query).toEqual({ page_size: '3', start_cursor: LIST_BLOCK_ID });
    expect(page2.blocks.map((b: any) => b.type)).toEqual(['bulleted_list_item', 'code', 'divider']);
    expect(page2.next_cursor).toBe('9b8a7c6d-5e4f-4d3c-8b2a-1f0e9d8c7b6a');
  });

  it('notion_create_page sends the title property and text blocks, and the page reads back', async () => {
    const out = await runTool(tool('notion_create_page'), samples.notion_create_page.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'POST', path: '/v1/pages', query: {} });
    expectNotionHeaders(true);
    const run = (content: string) => [{ type: 'text', text: { content } }];
    expect(fake.last().body).toEqual({
      parent: { page_id: PAGE_ID },
      properties: { title: { title: run('Retro') } },
      children: [
        { object: 'block', type: 'heading_2', heading_2: { rich_text: run('Went well') } },
        { object: 'block', type: 'paragraph', paragraph: { rich_text: run('Demo day') } },
        { object: 'block', type: 'to_do', to_do: { rich_text: run('Send notes'), checked: false } },
      ],
    });
    expect(out).toEqual({ id: expect.stringMatching(/^[0-9a-f-]{36}$/), title: 'Retro', url: expect.stringContaining('https://www.notion.so/Retro-') });
    const body = await runTool(tool('notion_get_page_content'), { page_id: out.id }, ctx());
    expect(body.blocks.map((b: any) => b.text)).toEqual(['Went well', 'Demo day', 'Send notes']);
  });

  it('notion_create_page puts a database row under database_id and splits text longer than 2000 characters', async () => {
    const long = 'x'.repeat(2500);
    await runTool(tool('notion_create_page'), { parent_id: DATABASE_ID, parent_type: 'database', title: 'Plan', blocks: [{ type: 'code', text: long }] }, ctx());
    expect(fake.last().body).toEqual({
      parent: { database_id: DATABASE_ID },
      properties: { title: { title: [{ type: 'text', text: { content: 'Plan' } }] } },
      children: [{ object: 'block', type: 'code', code: { language: 'plain text', rich_text: [{ type: 'text', text: { content: 'x'.repeat(2000) } }, { type: 'text', text: { content: 'x'.repeat(500) } }] } }],
    });
  });

  it('notion_query_database passes filter and sorts through and flattens each row', async () => {
    const { filter, sorts } = samples.notion_query_database.input;
    const out = await runTool(tool('notion_query_database'), samples.notion_query_database.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'POST', path: `/v1/databases/${DATABASE_ID}/query`, query: {} });
    expect(fake.last().body).toEqual({ filter, sorts, page_size: 5 });
    expectNotionHeaders(true);
    expect(out.next_cursor).toBeNull();
    expect(out.results[0]).toEqual({
      id: ROW_ID, title: 'Write launch post', url: 'https://www.notion.so/Write-launch-post-598337872cf94fdf8782e53db20768a5',
      properties: { Name: 'Write launch post', Status: 'In progress', Tags: ['launch', 'blog'], Due: '2024-03-15', Estimate: 3, Done: false, Assignee: ['Ada Lovelace'] },
    });
  });

  it('notion_get_database lists property names, types and options', async () => {
    const out = await runTool(tool('notion_get_database'), samples.notion_get_database.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'GET', path: `/v1/databases/${DATABASE_ID}`, query: {} });
    expectNotionHeaders(false);
    expect(out).toEqual({
      id: DATABASE_ID, title: 'Tasks', url: 'https://www.notion.so/897e5a76ae524b48a6d40b46543ebcda',
      properties: [
        { name: 'Name', type: 'title' },
        { name: 'Status', type: 'status', options: ['Not started', 'In progress', 'Done'] },
        { name: 'Tags', type: 'multi_select', options: ['launch', 'blog'] },
        { name: 'Due', type: 'date' },
        { name: 'Estimate', type: 'number' },
        { name: 'Done', type: 'checkbox' },
        { name: 'Assignee', type: 'people' },
      ],
    });
  });

  it('notion_append_blocks patches the children and returns the new block ids', async () => {
    const out = await runTool(tool('notion_append_blocks'), samples.notion_append_blocks.input, ctx());
    expect(fake.last()).toMatchObject({ method: 'PATCH', path: `/v1/blocks/${LIST_BLOCK_ID}/children`, query: {} });
    expectNotionHeaders(true);
    expect(fake.last().body).toEqual({ children: [{ object: 'block', type: 'bulleted_list_item', bulleted_list_item: { rich_text: [{ type: 'text', text: { content: 'Budget' } }] } }] });
    expect(out).toEqual({ block_ids: ['d0d0d0d0-0000-4000-8000-000000000001'] });
    const nested = await runTool(tool('notion_get_page_content'), { page_id: LIST_BLOCK_ID }, ctx());
    expect(nested.blocks.map((b: any) => b.text)).toEqual(['Venue may be late', 'Budget']);
  });

  it("a Notion error becomes a ToolFailure with the status and Notion's code", async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    const err = await toolFailure(tool('notion_get_page'), { page_id: missing }, ctx());
    expect(err).toMatchObject({ status: 404, providerCode: 'object_not_found' });
    expect(err.message).toBe(`Notion object_not_found: Could not find page with ID: ${missing}. Make sure the relevant pages and databases are shared with your integration.`);

    const bad = await runTool(tool('notion_append_blocks'), { block_id: missing, blocks: [{ text: 'x' }] }, ctx()).catch((e) => e);
    expect(bad).toMatchObject({ status: 404, providerCode: 'object_not_found' });
  });

  it('a 401 is left to the runtime (refresh and its own mapping)', async () => {
    const err = await toolFailure(tool('notion_search'), {}, fakeContext(fake.url, ''));
    expect(err.status).toBe(401);
  });
});
