import { ToolFailure, type ToolRequest, type ToolResponse, type ToolRunContext } from '../../definition/tool-spec.js';
import { listAtlassianSites, resolveAtlassianSite, type JiraSite } from '../jira/jira-api.js';
import { withoutNulls } from './confluence-schema.js';

/**
 * Confluence Cloud over OAuth 2.0 (3LO) shares Jira's gateway: the account's sites come from the
 * same accessible-resources list (entries told apart by their scopes), and a site's API lives under
 * /ex/confluence/{cloudId}/wiki (REST v2 at /api/v2, CQL search still at v1 /rest/api/search).
 */
export type ConfluenceSite = JiraSite;

export const listConfluenceSites = (ctx: ToolRunContext): Promise<ConfluenceSite[]> => listAtlassianSites(ctx, 'confluence');

export const resolveCloudId = (ctx: ToolRunContext, cloudId: string | undefined): Promise<string> => resolveAtlassianSite(ctx, cloudId, 'confluence', 'Confluence');

/** Statuses whose Confluence message helps a model fix its call; 401/403/429/5xx stay with the runtime. */
const EXPLAINED = [400, 404, 409];

/**
 * v2 answers `{errors: [{status, code, title, detail}]}`, v1 `{statusCode, message}` with a Java
 * exception class in front; only the human part reaches the model, capped.
 */
export function confluenceFailure(body: unknown, status: number): ToolFailure {
  const b = (body && typeof body === 'object' ? body : {}) as { errors?: unknown; message?: unknown };
  const errors = Array.isArray(b.errors) ? (b.errors as Array<{ code?: unknown; title?: unknown; detail?: unknown }>) : [];
  const parts = errors.map((e) => [e.title, e.detail].filter((s) => typeof s === 'string' && s).join(': ')).filter(Boolean);
  if (typeof b.message === 'string') parts.push(b.message.replace(/^[\w.$]+Exception:\s*/, ''));
  const text = parts.join('; ').slice(0, 300) || 'the request was refused';
  const code = typeof errors[0]?.code === 'string' ? errors[0].code.toLowerCase() : status === 404 ? 'not_found' : undefined;
  return new ToolFailure(`Confluence answered ${status}: ${text}`, status, code);
}

/** One call to a site's Confluence; `req.path` is relative to /wiki (e.g. `/api/v2/pages`). */
export async function confluenceCall(ctx: ToolRunContext, site: string, req: ToolRequest): Promise<ToolResponse> {
  const res = await ctx.request({ ...req, path: `/ex/confluence/${encodeURIComponent(site)}/wiki${req.path}` }, { allowStatus: EXPLAINED });
  if (EXPLAINED.includes(res.status)) throw confluenceFailure(res.body, res.status);
  return res;
}

/** Confluence pages by `_links.next` (a relative URL); the tools hand out only its cursor. */
export function nextCursor(links: { next?: string } | undefined): string | null {
  if (!links?.next) return null;
  return new URL(links.next, 'https://confluence.invalid').searchParams.get('cursor');
}

/** `_links.base` (`https://acme.atlassian.net/wiki`) + a relative webui link, or null when either is missing. */
export const webUrl = (base: string | undefined, rel: string | undefined): string | null => (base && rel ? base + rel : null);

export const pagePath = (id: string): string => `/api/v2/pages/${encodeURIComponent(id)}`;

/** The page fields tools read back, as v2 answers them. */
export interface ConfluencePage {
  id: string;
  status?: string;
  title: string;
  spaceId?: string;
  parentId?: string | null;
  version?: { number?: number; createdAt?: string; authorId?: string };
  body?: { storage?: { value?: string } };
  _links?: { webui?: string; base?: string };
}

export const shapePageRef = (p: ConfluencePage) => withoutNulls({
  id: p.id,
  title: p.title,
  version: p.version?.number,
  url: webUrl(p._links?.base, p._links?.webui),
});
