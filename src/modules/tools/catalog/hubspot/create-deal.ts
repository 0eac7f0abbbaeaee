import { defineTool } from '../../definition/tool-spec.js';
import { callHubSpot, DEAL_SCHEMA, OBJECT_ID, toDeal } from './hubspot-api.js';

interface Input {
  deal_name: string; deal_stage: string; pipeline?: string; amount?: number; close_date?: string;
  contact_ids?: string[]; company_ids?: string[];
}

/** HubSpot-defined association type IDs, deal → contact and deal → company. */
const DEAL_TO_CONTACT = 3;
const DEAL_TO_COMPANY = 5;
const ids = { type: 'array', items: OBJECT_ID, maxItems: 20, uniqueItems: true };

const association = (id: string, typeId: number) => ({
  to: { id },
  types: [{ associationCategory: 'HUBSPOT_DEFINED', associationTypeId: typeId }],
});

export const createDeal = defineTool<Input, Record<string, unknown>>({
  definition: {
    name: 'hubspot_create_deal',
    display_name: 'Create deal',
    description: 'Create a deal, optionally linked to contacts and companies.',
    provider: 'hubspot',
    category: 'crm',
    input_schema: {
      type: 'object',
      properties: {
        deal_name: { type: 'string', minLength: 1, maxLength: 200 },
        deal_stage: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,100}$', description: 'Stage ID, e.g. closedwon' },
        pipeline: { type: 'string', pattern: '^[A-Za-z0-9_-]{1,100}$', description: 'Default if left out' },
        amount: { type: 'number', minimum: 0 },
        close_date: { type: 'string', format: 'date' },
        contact_ids: ids,
        company_ids: ids,
      },
      required: ['deal_name', 'deal_stage'],
      additionalProperties: false,
    },
    output_schema: DEAL_SCHEMA,
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const properties: Record<string, string> = { dealname: input.deal_name, dealstage: input.deal_stage };
    if (input.pipeline) properties.pipeline = input.pipeline;
    if (input.amount !== undefined) properties.amount = String(input.amount);
    // closedate is a datetime property: midnight UTC of the given day.
    if (input.close_date) properties.closedate = `${input.close_date}T00:00:00.000Z`;
    const associations = [
      ...(input.contact_ids ?? []).map((id) => association(id, DEAL_TO_CONTACT)),
      ...(input.company_ids ?? []).map((id) => association(id, DEAL_TO_COMPANY)),
    ];
    const json = associations.length ? { properties, associations } : { properties };
    return toDeal(await callHubSpot(ctx, { method: 'POST', path: '/crm/v3/objects/deals', json }));
  },
});
