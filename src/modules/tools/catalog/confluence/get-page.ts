import { defineTool } from '../../definition/tool-spec.js';
import { confluenceCall, pagePath, resolveCloudId, webUrl, type ConfluencePage } from './confluence-api.js';
import { cloudId, pageId, withoutNulls } from './confluence-schema.js';
import { storageToText } from './storage-format.js';

interface Input { cloud_id?: string; page_id: string }

const str = { type: 'string' };

export const getPage = defineTool<Input, unknown>({
  definition: {
    name: 'confluence_get_page',
    display_name: 'Get Confluence page',
    description: 'Read a page: title, version and body as plain text.',
    provider: 'confluence',
    category: 'knowledge_base',
    input_schema: {
      type: 'object',
      properties: { cloud_id: cloudId, page_id: pageId },
      required: ['page_id'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        id: str, title: str, status: str, space_id: str, parent_id: str, version: { type: 'integer' }, updated: str, url: str, body: str,
      },
      required: ['id', 'title', 'body'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const site = await resolveCloudId(ctx, input.cloud_id);
    const { body } = await confluenceCall(ctx, site, { method: 'GET', path: pagePath(input.page_id), query: { 'body-format': 'storage' } });
    const p = body as ConfluencePage;
    return withoutNulls({
      id: p.id,
      title: p.title,
      status: p.status,
      space_id: p.spaceId,
      parent_id: p.parentId,
      version: p.version?.number,
      updated: p.version?.createdAt,
      url: webUrl(p._links?.base, p._links?.webui),
      body: storageToText(p.body?.storage?.value),
    });
  },
});
