import { defineTool } from '../../definition/tool-spec.js';
import { confluenceCall, nextCursor, resolveCloudId, webUrl } from './confluence-api.js';
import { cloudId, cursorIn, nextCursorOut, withoutNulls } from './confluence-schema.js';

interface Input { cloud_id?: string; type?: 'global' | 'personal'; limit?: number; cursor?: string }

interface Space { id: string; key: string; name: string; type?: string; homepageId?: string | null; _links?: { webui?: string } }

const str = { type: 'string' };

export const listSpaces = defineTool<Input, unknown>({
  definition: {
    name: 'confluence_list_spaces',
    display_name: 'List Confluence spaces',
    description: 'List the spaces the account can see, with their id and key.',
    provider: 'confluence',
    category: 'knowledge_base',
    input_schema: {
      type: 'object',
      properties: {
        cloud_id: cloudId,
        type: { type: 'string', enum: ['global', 'personal'] },
        limit: { type: 'integer', minimum: 1, maximum: 250, default: 25 },
        cursor: cursorIn,
      },
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        spaces: {
          type: 'array',
          items: {
            type: 'object',
            properties: { id: str, key: str, name: str, type: str, homepage_id: str, url: str },
            required: ['id', 'key', 'name'],
          },
        },
        next_cursor: nextCursorOut,
      },
      required: ['spaces', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const site = await resolveCloudId(ctx, input.cloud_id);
    const { body } = await confluenceCall(ctx, site, {
      method: 'GET',
      path: '/api/v2/spaces',
      query: { type: input.type, status: 'current', limit: input.limit ?? 25, cursor: input.cursor },
    });
    const page = body as { results?: Space[]; _links?: { next?: string; base?: string } };
    return {
      spaces: (page.results ?? []).map((s) => withoutNulls({
        id: s.id, key: s.key, name: s.name, type: s.type, homepage_id: s.homepageId, url: webUrl(page._links?.base, s._links?.webui),
      })),
      next_cursor: nextCursor(page._links),
    };
  },
});
