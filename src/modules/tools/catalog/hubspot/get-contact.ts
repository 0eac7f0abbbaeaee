import { defineTool } from '../../definition/tool-spec.js';
import { callHubSpot, CONTACT_FIELDS, CONTACT_SCHEMA, OBJECT_ID, toContact } from './hubspot-api.js';

const ids = (assoc: any): string[] => (Array.isArray(assoc?.results) ? assoc.results.map((r: any) => String(r.id)) : []);
const unique = (list: string[]) => [...new Set(list)];

export const getContact = defineTool<{ contact_id: string }, Record<string, unknown>>({
  definition: {
    name: 'hubspot_get_contact',
    display_name: 'Get contact',
    description: 'Read a contact with the IDs of its companies and deals.',
    provider: 'hubspot',
    category: 'crm',
    input_schema: {
      type: 'object',
      properties: { contact_id: OBJECT_ID },
      required: ['contact_id'],
      additionalProperties: false,
    },
    output_schema: {
      ...CONTACT_SCHEMA,
      properties: {
        ...CONTACT_SCHEMA.properties,
        company_ids: { type: 'array', items: { type: 'string' } },
        deal_ids: { type: 'array', items: { type: 'string' } },
      },
      required: ['id', 'company_ids', 'deal_ids'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const body = await callHubSpot(ctx, {
      method: 'GET',
      path: `/crm/v3/objects/contacts/${encodeURIComponent(input.contact_id)}`,
      query: { properties: Object.values(CONTACT_FIELDS).join(','), associations: 'companies,deals' },
    });
    // An association can be listed once per label (primary, unlabeled…): keep each ID once.
    return {
      ...toContact(body),
      company_ids: unique(ids(body?.associations?.companies)),
      deal_ids: unique(ids(body?.associations?.deals)),
    };
  },
});
