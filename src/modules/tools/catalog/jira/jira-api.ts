import { ToolFailure, type ToolRequest, type ToolResponse, type ToolRunContext } from '../../definition/tool-spec.js';

/**
 * Jira Cloud over OAuth 2.0 (3LO) is reached through api.atlassian.com: the account's sites come
 * from /oauth/token/accessible-resources, and each site's REST API lives under
 * /ex/jira/{cloudId}/rest/api/3. A tool takes an optional cloud_id and, when it is left out,
 * uses the account's only Jira site (several → a clear error listing them).
 */
export const SITES_PATH = '/oauth/token/accessible-resources';

export interface JiraSite { id: string; name: string; url: string; scopes?: string[] }

/**
 * The account's sites of one Atlassian product: the accessible-resources list holds Jira and
 * Confluence sites alike, told apart by their scopes (an entry without scopes counts for both).
 */
export async function listAtlassianSites(ctx: ToolRunContext, product: 'jira' | 'confluence'): Promise<JiraSite[]> {
  const { body } = await ctx.request({ method: 'GET', path: SITES_PATH });
  const sites = Array.isArray(body) ? (body as JiraSite[]) : [];
  const seen = new Set<string>();
  return sites.filter((s) => {
    const ofProduct = !s.scopes || s.scopes.some((scope) => scope.includes(product));
    if (!ofProduct || seen.has(s.id)) return false;
    seen.add(s.id);
    return true;
  });
}

/** cloud_id as given, else the account's only site of the product (none or several → an error a model can act on). */
export async function resolveAtlassianSite(ctx: ToolRunContext, cloudId: string | undefined, product: 'jira' | 'confluence', label: string): Promise<string> {
  if (cloudId) return cloudId;
  const sites = await listAtlassianSites(ctx, product);
  if (sites.length === 1) return sites[0].id;
  if (sites.length === 0) throw new ToolFailure(`this account can reach no ${label} site; re-authorize it with access to one`, undefined, 'no_site');
  const names = sites.slice(0, 10).map((s) => `${s.id} (${s.name})`).join(', ');
  throw new ToolFailure(`this account reaches ${sites.length} ${label} sites; pass cloud_id, one of: ${names}`, undefined, 'ambiguous_site');
}

export const listJiraSites = (ctx: ToolRunContext): Promise<JiraSite[]> => listAtlassianSites(ctx, 'jira');

export const resolveCloudId = (ctx: ToolRunContext, cloudId: string | undefined): Promise<string> => resolveAtlassianSite(ctx, cloudId, 'jira', 'Jira');

/** Statuses whose Jira message helps a model fix its call; 401/403/429/5xx stay with the runtime. */
const EXPLAINED = [400, 404, 409];

/** Jira answers `{errorMessages: [...], errors: {field: message}}`; only those strings reach the model, capped. */
export function jiraFailure(body: unknown, status: number): ToolFailure {
  const b = (body && typeof body === 'object' ? body : {}) as { errorMessages?: unknown; errors?: unknown };
  const messages = Array.isArray(b.errorMessages) ? b.errorMessages.filter((m) => typeof m === 'string') : [];
  const fields = b.errors && typeof b.errors === 'object' ? Object.entries(b.errors as Record<string, unknown>) : [];
  for (const [field, msg] of fields) if (typeof msg === 'string') messages.push(`${field}: ${msg}`);
  const text = messages.join('; ').slice(0, 300) || 'the request was refused';
  return new ToolFailure(`Jira answered ${status}: ${text}`, status, status === 404 ? 'not_found' : undefined);
}

/** One call to the site's REST API v3; `req.path` is relative to /rest/api/3. */
export async function jiraCall(ctx: ToolRunContext, cloudId: string | undefined, req: ToolRequest): Promise<ToolResponse> {
  const site = await resolveCloudId(ctx, cloudId);
  const res = await ctx.request({ ...req, path: `/ex/jira/${encodeURIComponent(site)}/rest/api/3${req.path}` }, { allowStatus: EXPLAINED });
  if (EXPLAINED.includes(res.status)) throw jiraFailure(res.body, res.status);
  return res;
}

export const issuePath = (key: string, rest = ''): string => `/issue/${encodeURIComponent(key)}${rest}`;
