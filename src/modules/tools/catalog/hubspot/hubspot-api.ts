import { ToolFailure, type ToolRequest, type ToolRunContext } from '../../definition/tool-spec.js';

export const OBJECT_ID = { type: 'string', pattern: '^[0-9]{1,20}$' };
const text = { type: 'string' };

/**
 * Calls HubSpot and turns its 400/404/409 answers (`{category, message}`) into a ToolFailure a model can
 * act on (VALIDATION_ERROR, OBJECT_NOT_FOUND, CONFLICT…); 401/403/429/5xx stay with the runtime.
 */
export async function callHubSpot(ctx: ToolRunContext, req: ToolRequest): Promise<any> {
  const res = await ctx.request(req, { allowStatus: [400, 404, 409] });
  if (res.status < 400) return res.body;
  const body = (res.body && typeof res.body === 'object' ? res.body : {}) as { category?: unknown; message?: unknown };
  const code = typeof body.category === 'string' ? body.category : res.status === 404 ? 'OBJECT_NOT_FOUND' : 'BAD_REQUEST';
  const detail = typeof body.message === 'string' ? body.message.slice(0, 300) : 'request rejected';
  throw new ToolFailure(`HubSpot ${code}: ${detail}`, res.status, code);
}

/** Our snake_case contact keys ↔ HubSpot's internal property names. */
export const CONTACT_FIELDS = {
  email: 'email', first_name: 'firstname', last_name: 'lastname', phone: 'phone',
  company: 'company', job_title: 'jobtitle', lifecycle_stage: 'lifecyclestage',
} as const;
export type ContactFields = { [K in keyof typeof CONTACT_FIELDS]?: string };

export const CONTACT_INPUT = {
  email: { type: 'string', format: 'email', maxLength: 254 },
  first_name: { type: 'string', maxLength: 100 },
  last_name: { type: 'string', maxLength: 100 },
  phone: { type: 'string', maxLength: 40 },
  company: { type: 'string', maxLength: 200 },
  job_title: { type: 'string', maxLength: 200 },
  lifecycle_stage: { type: 'string', enum: ['subscriber', 'lead', 'marketingqualifiedlead', 'salesqualifiedlead', 'opportunity', 'customer', 'evangelist', 'other'] },
};

export function contactProperties(input: ContactFields): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, property] of Object.entries(CONTACT_FIELDS)) {
    const value = input[key as keyof ContactFields];
    if (value !== undefined) out[property] = value;
  }
  return out;
}

export const CONTACT_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    ...Object.fromEntries(Object.keys(CONTACT_FIELDS).map((k) => [k, text])),
    created_at: text,
    updated_at: text,
  },
  required: ['id'],
};

export function toContact(obj: any): Record<string, unknown> {
  const props = obj?.properties ?? {};
  const out: Record<string, unknown> = { id: String(obj?.id) };
  for (const [key, property] of Object.entries(CONTACT_FIELDS)) out[key] = props[property] ?? null;
  out.created_at = obj?.createdAt ?? props.createdate ?? null;
  out.updated_at = obj?.updatedAt ?? props.lastmodifieddate ?? null;
  return withoutEmpty(out);
}

export const DEAL_PROPERTIES = ['dealname', 'dealstage', 'pipeline', 'amount', 'closedate', 'hubspot_owner_id'];

export const DEAL_SCHEMA = {
  type: 'object',
  properties: {
    id: { type: 'string' }, name: text, stage: text, pipeline: text,
    amount: { type: 'number' }, close_date: text, owner_id: text, created_at: text,
  },
  required: ['id'],
};

export function toDeal(obj: any): Record<string, unknown> {
  const p = obj?.properties ?? {};
  // HubSpot returns every property as a string; amounts are more useful to a model as numbers.
  const amount = p.amount === undefined || p.amount === null || p.amount === '' ? null : Number(p.amount);
  return withoutEmpty({
    id: String(obj?.id), name: p.dealname ?? null, stage: p.dealstage ?? null, pipeline: p.pipeline ?? null,
    amount: Number.isFinite(amount) ? amount : null, close_date: p.closedate ?? null,
    owner_id: p.hubspot_owner_id ?? null, created_at: obj?.createdAt ?? p.createdate ?? null,
  });
}

/** HubSpot's cursor for the next page, or null at the end. */
export const nextCursor = (body: any): string | null => body?.paging?.next?.after ?? null;

/** Leaves out the properties HubSpot has no value for, so a model reads only what is set. */
export function withoutEmpty(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== null && v !== undefined && v !== ''));
}
