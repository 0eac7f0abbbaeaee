import { defineTool, ToolFailure, type ToolRunContext } from '../../definition/tool-spec.js';
import { confluenceCall, resolveCloudId, shapePageRef, type ConfluencePage } from './confluence-api.js';
import { bodyText, cloudId, pageId, pageRefOut } from './confluence-schema.js';
import { textToStorage } from './storage-format.js';

interface Input { cloud_id?: string; space_id?: string; space_key?: string; title: string; body?: string; parent_id?: string }

/** v2 creates pages in a space by id; a model often knows only the key (from search or a URL). */
async function spaceIdOf(ctx: ToolRunContext, site: string, input: Input): Promise<string> {
  if (input.space_id) return input.space_id;
  const { body } = await confluenceCall(ctx, site, { method: 'GET', path: '/api/v2/spaces', query: { keys: input.space_key, limit: 1 } });
  const found = (body as { results?: Array<{ id: string }> }).results?.[0];
  if (!found) throw new ToolFailure(`no space with key "${input.space_key}" is visible to this account`, 404, 'space_not_found');
  return found.id;
}

export const createPage = defineTool<Input, unknown>({
  definition: {
    name: 'confluence_create_page',
    display_name: 'Create Confluence page',
    description: 'Create a page in a space, optionally as a child.',
    provider: 'confluence',
    category: 'knowledge_base',
    input_schema: {
      type: 'object',
      properties: {
        cloud_id: cloudId,
        space_id: pageId,
        space_key: { type: 'string', pattern: '^~?\\w{1,255}$' },
        title: { type: 'string', minLength: 1, maxLength: 255 },
        body: bodyText,
        parent_id: pageId,
      },
      required: ['title'],
      anyOf: [{ required: ['space_id'] }, { required: ['space_key'] }],
      additionalProperties: false,
    },
    output_schema: pageRefOut,
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const site = await resolveCloudId(ctx, input.cloud_id);
    const spaceId = await spaceIdOf(ctx, site, input);
    const { body } = await confluenceCall(ctx, site, {
      method: 'POST',
      path: '/api/v2/pages',
      json: {
        spaceId,
        status: 'current',
        title: input.title,
        parentId: input.parent_id,
        body: { representation: 'storage', value: textToStorage(input.body ?? '') },
      },
    });
    return shapePageRef(body as ConfluencePage);
  },
});
