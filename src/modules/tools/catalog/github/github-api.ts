import { ToolFailure, type ToolRequest, type ToolResponse, type ToolRunContext } from '../../definition/tool-spec.js';

/** Headers GitHub's REST reference asks every client to send. */
const GITHUB_HEADERS = { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };

/** `owner/name` (already validated by the input schema) → `/repos/owner/name`, each part encoded. */
export function repoPath(repo: string): string {
  const [owner = '', name = ''] = repo.split('/');
  return `/repos/${encodeURIComponent(owner)}/${encodeURIComponent(name)}`;
}

/**
 * One GitHub call. 404/410/422 become failures a model can act on (which id was wrong, which field
 * GitHub rejected); 401/403/429/5xx are left to the runtime's mapping.
 */
export async function githubCall(ctx: ToolRunContext, req: ToolRequest): Promise<ToolResponse> {
  const res = await ctx.request({ ...req, headers: { ...GITHUB_HEADERS, ...req.headers } }, { allowStatus: [404, 410, 422] });
  if (res.status === 404) throw new ToolFailure('GitHub: not found; check the repository owner/name and the number, and that the account can access it', 404, 'not_found');
  if (res.status === 410) throw new ToolFailure('GitHub: issues are disabled for this repository', 410, 'gone');
  if (res.status === 422) throw new ToolFailure(`GitHub rejected the input: ${validationSummary(res.body)}`, 422, 'validation_failed');
  return res;
}

/** `assignees invalid, labels missing_field`: field names and codes only, never the submitted values. */
function validationSummary(body: unknown): string {
  const errors = (body as { errors?: Array<{ field?: unknown; code?: unknown }> } | undefined)?.errors;
  const safe = (v: unknown) => (typeof v === 'string' && /^[a-z_]{1,40}$/.test(v) ? v : undefined);
  const parts = Array.isArray(errors) ? errors.slice(0, 5).map((e) => [safe(e.field), safe(e.code)].filter(Boolean).join(' ')).filter(Boolean) : [];
  return parts.length ? parts.join(', ') : 'validation failed';
}

/** GitHub pages through `Link: <…&page=3>; rel="next"`; the next page number is our cursor. */
export function nextPage(headers: Record<string, string>): string | null {
  const link = headers.link ?? headers.Link ?? '';
  const next = link.split(',').find((part) => /rel="next"/.test(part));
  const url = next?.match(/<([^>]+)>/)?.[1];
  if (!url) return null;
  try {
    return new URL(url).searchParams.get('page');
  } catch {
    return null;
  }
}
