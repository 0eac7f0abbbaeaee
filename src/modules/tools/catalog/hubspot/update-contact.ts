import { defineTool, ToolFailure } from '../../definition/tool-spec.js';
import { callHubSpot, CONTACT_FIELDS, CONTACT_INPUT, CONTACT_SCHEMA, contactProperties, OBJECT_ID, toContact, type ContactFields } from './hubspot-api.js';

export const updateContact = defineTool<ContactFields & { contact_id: string }, Record<string, unknown>>({
  definition: {
    name: 'hubspot_update_contact',
    display_name: 'Update contact',
    description: "Change the given fields of a contact.",
    provider: 'hubspot',
    category: 'crm',
    input_schema: {
      type: 'object',
      properties: { contact_id: OBJECT_ID, ...CONTACT_INPUT },
      required: ['contact_id'],
      additionalProperties: false,
    },
    output_schema: CONTACT_SCHEMA,
  },
  // Overwrites values but removes nothing and can be set back; the same call twice lands the same state.
  annotations: { readOnly: false, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const properties = contactProperties(input);
    if (Object.keys(properties).length === 0) {
      throw new ToolFailure(`nothing to update: give at least one of ${Object.keys(CONTACT_FIELDS).join(', ')}`);
    }
    const path = `/crm/v3/objects/contacts/${encodeURIComponent(input.contact_id)}`;
    return toContact(await callHubSpot(ctx, { method: 'PATCH', path, json: { properties } }));
  },
});
