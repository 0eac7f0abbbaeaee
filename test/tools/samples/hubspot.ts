import type { ToolSample } from './tool-sample.js';

/** One valid input per hubspot tool, as its connector test runs it, and the calls it makes on the fake (a fresh one, in this order). */
export const hubspotSamples = {
  hubspot_create_contact: {
    input: { email: 'grace@navy.example', first_name: 'Grace', last_name: 'Hopper', job_title: 'Rear Admiral', lifecycle_stage: 'lead' },
    calls: ['POST /crm/v3/objects/contacts'],
  },
  hubspot_search_contacts: {
    input: { query: 'biglytics', limit: 1 },
    calls: ['POST /crm/v3/objects/contacts/search'],
  },
  hubspot_get_contact: {
    input: { contact_id: '512' },
    calls: ['GET /crm/v3/objects/contacts/512'],
  },
  hubspot_update_contact: {
    input: { contact_id: '513', phone: '+1 617 555 0100', lifecycle_stage: 'opportunity' },
    calls: ['PATCH /crm/v3/objects/contacts/513'],
  },
  hubspot_create_deal: {
    input: { deal_name: 'Biglytics — renewal', deal_stage: 'presentationscheduled', amount: 2400.5, close_date: '2025-12-31', contact_ids: ['512'], company_ids: ['9876543210'] },
    calls: ['POST /crm/v3/objects/deals'],
  },
  hubspot_list_deals: {
    input: { limit: 2 },
    calls: ['GET /crm/v3/objects/deals'],
  },
} satisfies Record<string, ToolSample>;
