import { defineTool } from '../../definition/tool-spec.js';
import { confluenceCall, nextCursor, resolveCloudId, webUrl } from './confluence-api.js';
import { cloudId, cursorIn, nextCursorOut, withoutNulls } from './confluence-schema.js';

interface Input { cloud_id?: string; cql: string; limit?: number; cursor?: string }

interface SearchResult {
  content?: { id?: string; type?: string; title?: string };
  space?: { id?: number | string; key?: string; name?: string };
  title?: string;
  excerpt?: string;
  url?: string;
  entityType?: string;
  resultGlobalContainer?: { title?: string };
}

const str = { type: 'string' };

/** Search excerpts mark hits with @@@hl@@@…@@@endhl@@@ and carry HTML entities; a model wants the words. */
const cleanExcerpt = (s: string | undefined): string => (s ?? '')
  .replace(/@@@(end)?hl@@@/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
  .replace(/\s+/g, ' ').trim().slice(0, 300);

export const search = defineTool<Input, unknown>({
  definition: {
    name: 'confluence_search',
    display_name: 'Search Confluence',
    description: 'Search with CQL, e.g. type=page AND text~"vpn".',
    provider: 'confluence',
    category: 'knowledge_base',
    input_schema: {
      type: 'object',
      properties: {
        cloud_id: cloudId,
        cql: { type: 'string', minLength: 1, maxLength: 4000 },
        limit: { type: 'integer', minimum: 1, maximum: 50, default: 10 },
        cursor: cursorIn,
      },
      required: ['cql'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        results: {
          type: 'array',
          items: {
            type: 'object',
            properties: { id: str, type: str, title: str, space: str, excerpt: str, url: str },
            required: ['title'],
          },
        },
        next_cursor: nextCursorOut,
      },
      required: ['results', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const site = await resolveCloudId(ctx, input.cloud_id);
    // CQL search has no v2 equivalent yet; v1 pages with a cursor in _links.next.
    const { body } = await confluenceCall(ctx, site, {
      method: 'GET',
      path: '/rest/api/search',
      query: { cql: input.cql, limit: input.limit ?? 10, cursor: input.cursor },
    });
    const page = body as { results?: SearchResult[]; _links?: { base?: string; next?: string } };
    return {
      results: (page.results ?? []).map((r) => withoutNulls({
        id: r.content?.id ?? (r.space?.id != null ? String(r.space.id) : null),
        type: r.content?.type ?? r.entityType ?? null,
        title: r.content?.title ?? r.title ?? '',
        space: r.space?.key ?? r.resultGlobalContainer?.title ?? null,
        excerpt: cleanExcerpt(r.excerpt),
        url: webUrl(page._links?.base, r.url),
      })),
      next_cursor: nextCursor(page._links),
    };
  },
});
