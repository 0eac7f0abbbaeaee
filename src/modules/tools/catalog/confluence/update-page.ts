import { defineTool } from '../../definition/tool-spec.js';
import { confluenceCall, pagePath, resolveCloudId, shapePageRef, type ConfluencePage } from './confluence-api.js';
import { bodyText, cloudId, pageId, pageRefOut } from './confluence-schema.js';
import { textToStorage } from './storage-format.js';

interface Input { cloud_id?: string; page_id: string; title?: string; body?: string; append?: boolean; version_message?: string }

export const updatePage = defineTool<Input, unknown>({
  definition: {
    name: 'confluence_update_page',
    display_name: 'Update Confluence page',
    description: 'Rename a page or replace/append its body; saves a new version.',
    provider: 'confluence',
    category: 'knowledge_base',
    input_schema: {
      type: 'object',
      properties: {
        cloud_id: cloudId,
        page_id: pageId,
        title: { type: 'string', minLength: 1, maxLength: 255 },
        body: bodyText,
        append: { type: 'boolean', default: false },
        version_message: { type: 'string', maxLength: 500 },
      },
      required: ['page_id'],
      anyOf: [{ required: ['title'] }, { required: ['body'] }],
      additionalProperties: false,
    },
    output_schema: pageRefOut,
  },
  // Appending twice appends twice, and every save adds a version.
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const site = await resolveCloudId(ctx, input.cloud_id);
    // PUT needs the whole page and the next version number, so read the current one first.
    const { body: current } = await confluenceCall(ctx, site, { method: 'GET', path: pagePath(input.page_id), query: { 'body-format': 'storage' } });
    const page = current as ConfluencePage;
    const existing = page.body?.storage?.value ?? '';
    const storage = input.body === undefined ? existing : input.append ? existing + textToStorage(input.body) : textToStorage(input.body);
    const { body } = await confluenceCall(ctx, site, {
      method: 'PUT',
      path: pagePath(input.page_id),
      json: {
        id: page.id,
        status: page.status === 'draft' ? 'draft' : 'current',
        title: input.title ?? page.title,
        body: { representation: 'storage', value: storage },
        version: { number: (page.version?.number ?? 1) + 1, message: input.version_message },
      },
    });
    return shapePageRef(body as ConfluencePage);
  },
});
