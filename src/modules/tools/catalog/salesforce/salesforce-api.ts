import { ToolFailure, type ToolRequest, type ToolRunContext } from '../../definition/tool-spec.js';

/** REST API version every tool speaks; paths are relative to the org's instance host (`proxy_url`). */
export const API_BASE = '/services/data/v61.0';

/** Schema fragments shared by the tools: API names of objects and fields, and 15/18-character record IDs. */
export const OBJECT_TYPE = { type: 'string', pattern: '^[A-Za-z]\\w{0,79}$', description: 'sObject API name: Lead, Account, Invoice__c…' };
export const FIELD_NAME = { type: 'string', pattern: '^[A-Za-z][\\w.]{0,79}$' };
export const RECORD_ID = { type: 'string', pattern: '^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$' };
export const RECORD = { type: 'object', description: 'Field API name → value' };

export const sobjectPath = (type: string, id?: string): string =>
  `${API_BASE}/sobjects/${encodeURIComponent(type)}${id ? `/${encodeURIComponent(id)}` : ''}`;

interface SalesforceError { errorCode?: string; message?: string }

/**
 * Calls Salesforce and turns its 400/404 answers (`[{errorCode, message}]`) into a ToolFailure a model
 * can act on (MALFORMED_QUERY, INVALID_FIELD, NOT_FOUND…); 401/403/429/5xx stay with the runtime.
 */
export async function callSalesforce(ctx: ToolRunContext, req: ToolRequest): Promise<any> {
  const res = await ctx.request(req, { allowStatus: [400, 404] });
  if (res.status < 400) return res.body;
  const first: SalesforceError = (Array.isArray(res.body) ? res.body[0] : res.body) ?? {};
  const code = typeof first.errorCode === 'string' ? first.errorCode : res.status === 404 ? 'NOT_FOUND' : 'BAD_REQUEST';
  const detail = typeof first.message === 'string' ? first.message.slice(0, 300) : 'request rejected';
  throw new ToolFailure(`Salesforce ${code}: ${detail}`, res.status, code);
}

/** Drops Salesforce's `attributes` envelope, also from related records (Account.Name) and subqueries. */
export function stripAttributes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripAttributes);
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === 'attributes') continue;
    const nested = v && typeof v === 'object' && 'records' in v ? (v as { records: unknown }).records : v;
    out[key] = stripAttributes(nested);
  }
  return out;
}
