import type { ToolSample } from './tool-sample.js';

/** One valid input per salesforce tool, as its connector test runs it, and the calls it makes on the fake (a fresh one, in this order). */
export const salesforceSamples = {
  salesforce_create_lead: {
    input: { first_name: 'Ada', last_name: 'Lovelace', email: 'ada@example.com' },
    calls: ['POST /services/data/v61.0/sobjects/Lead/'],
  },
  salesforce_create_opportunity: {
    input: { name: 'Acme — 500 seats', stage_name: 'Prospecting', close_date: '2025-09-30', amount: 125000, account_id: '001D000000IomazIAB' },
    calls: ['POST /services/data/v61.0/sobjects/Opportunity/'],
  },
  salesforce_soql_query: {
    input: { query: 'SELECT Id, Name FROM Account' },
    calls: ['GET /services/data/v61.0/query'],
  },
  salesforce_get_record: {
    input: { object_type: 'Lead', record_id: '00QD000000FbsCIMAZ', fields: ['FirstName', 'Email'] },
    calls: ['GET /services/data/v61.0/sobjects/Lead/00QD000000FbsCIMAZ'],
  },
  salesforce_update_record: {
    input: { object_type: 'Lead', record_id: '00QD000000FbsCIMAZ', fields: { Status: 'Working - Contacted', Title: null } },
    calls: ['PATCH /services/data/v61.0/sobjects/Lead/00QD000000FbsCIMAZ'],
  },
  salesforce_search: {
    input: { query: 'acme', object_types: ['Account', 'Lead'], fields: ['Name'], limit: 5 },
    calls: ['GET /services/data/v61.0/parameterizedSearch/'],
  },
  salesforce_describe_object: {
    input: { object_type: 'Lead' },
    calls: ['GET /services/data/v61.0/sobjects/Lead/describe'],
  },
} satisfies Record<string, ToolSample>;
