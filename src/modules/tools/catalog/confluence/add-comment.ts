import { defineTool } from '../../definition/tool-spec.js';
import { confluenceCall, resolveCloudId, webUrl } from './confluence-api.js';
import { cloudId, pageId, withoutNulls } from './confluence-schema.js';
import { textToStorage } from './storage-format.js';

interface Input { cloud_id?: string; page_id: string; text: string }

interface FooterComment { id: string; pageId?: string; version?: { createdAt?: string }; _links?: { webui?: string; base?: string } }

export const addComment = defineTool<Input, unknown>({
  definition: {
    name: 'confluence_add_comment',
    display_name: 'Comment on Confluence page',
    description: 'Add a plain-text footer comment to a page.',
    provider: 'confluence',
    category: 'knowledge_base',
    input_schema: {
      type: 'object',
      properties: { cloud_id: cloudId, page_id: pageId, text: { type: 'string', minLength: 1, maxLength: 32000 } },
      required: ['page_id', 'text'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { id: { type: 'string' }, page_id: { type: 'string' }, created: { type: 'string' }, url: { type: 'string' } },
      required: ['id', 'page_id'],
    },
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const site = await resolveCloudId(ctx, input.cloud_id);
    const { body } = await confluenceCall(ctx, site, {
      method: 'POST',
      path: '/api/v2/footer-comments',
      json: { pageId: input.page_id, body: { representation: 'storage', value: textToStorage(input.text) } },
    });
    const c = body as FooterComment;
    return withoutNulls({ id: c.id, page_id: c.pageId ?? input.page_id, created: c.version?.createdAt, url: webUrl(c._links?.base, c._links?.webui) });
  },
});
