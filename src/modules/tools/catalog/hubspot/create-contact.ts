import { defineTool } from '../../definition/tool-spec.js';
import { callHubSpot, CONTACT_INPUT, CONTACT_SCHEMA, contactProperties, toContact, type ContactFields } from './hubspot-api.js';

export const createContact = defineTool<ContactFields & { email: string }, Record<string, unknown>>({
  definition: {
    name: 'hubspot_create_contact',
    display_name: 'Create contact',
    description: 'Create a contact; an email already in use fails with CONFLICT and its ID.',
    provider: 'hubspot',
    category: 'crm',
    input_schema: { type: 'object', properties: CONTACT_INPUT, required: ['email'], additionalProperties: false },
    output_schema: CONTACT_SCHEMA,
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const body = await callHubSpot(ctx, { method: 'POST', path: '/crm/v3/objects/contacts', json: { properties: contactProperties(input) } });
    return toContact(body);
  },
});
