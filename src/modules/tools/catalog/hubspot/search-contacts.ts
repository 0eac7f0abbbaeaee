import { defineTool } from '../../definition/tool-spec.js';
import { callHubSpot, CONTACT_FIELDS, CONTACT_SCHEMA, nextCursor, toContact } from './hubspot-api.js';

interface Input { query?: string; email?: string; limit?: number; cursor?: string }

export const searchContacts = defineTool<Input, { contacts: unknown[]; total: number; next_cursor: string | null }>({
  definition: {
    name: 'hubspot_search_contacts',
    display_name: 'Search contacts',
    description: 'Find contacts by text or exact email; with neither, the latest.',
    provider: 'hubspot',
    category: 'crm',
    input_schema: {
      type: 'object',
      properties: {
        query: { type: 'string', minLength: 1, maxLength: 200 },
        email: { type: 'string', format: 'email', maxLength: 254 },
        limit: { type: 'integer', minimum: 1, maximum: 100, default: 10 },
        cursor: { type: 'string', pattern: '^[0-9]{1,10}$' },
      },
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        contacts: { type: 'array', items: CONTACT_SCHEMA },
        total: { type: 'integer' },
        next_cursor: { type: ['string', 'null'] },
      },
      required: ['contacts', 'total', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const filterGroups = input.email ? [{ filters: [{ propertyName: 'email', operator: 'EQ', value: input.email }] }] : [];
    const body = await callHubSpot(ctx, {
      method: 'POST',
      path: '/crm/v3/objects/contacts/search',
      json: {
        query: input.query,
        filterGroups,
        properties: Object.values(CONTACT_FIELDS),
        sorts: input.query ? undefined : [{ propertyName: 'lastmodifieddate', direction: 'DESCENDING' }],
        limit: input.limit ?? 10,
        after: input.cursor,
      },
    });
    const results: unknown[] = Array.isArray(body?.results) ? body.results : [];
    return { contacts: results.map(toContact), total: Number(body?.total ?? results.length), next_cursor: nextCursor(body) };
  },
});
