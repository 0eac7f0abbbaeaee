import { defineTool } from '../../definition/tool-spec.js';
import { afterCursor, zendeskCall } from './zendesk-api.js';

interface Input { role?: 'end-user' | 'agent' | 'admin'; page_size?: number; cursor?: string }

interface User { id: number; name?: string; email?: string | null; role?: string; active?: boolean; suspended?: boolean; organization_id?: number | null }

export const listUsers = defineTool<Input, unknown>({
  definition: {
    name: 'zendesk_list_users',
    display_name: 'List Zendesk users',
    description: 'List users, e.g. agents to find an assignee_id.',
    provider: 'zendesk',
    category: 'support',
    input_schema: {
      type: 'object',
      properties: {
        role: { type: 'string', enum: ['end-user', 'agent', 'admin'] },
        page_size: { type: 'integer', minimum: 1, maximum: 100, default: 50 },
        cursor: { type: 'string', maxLength: 512 },
      },
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        users: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              id: { type: 'integer' }, name: { type: 'string' }, email: { type: ['string', 'null'] }, role: { type: ['string', 'null'] },
              active: { type: 'boolean' }, organization_id: { type: ['integer', 'null'] },
            },
            required: ['id', 'name'],
          },
        },
        next_cursor: { type: ['string', 'null'] },
      },
      required: ['users', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const { body } = await zendeskCall(ctx, {
      method: 'GET',
      path: '/users.json',
      query: { role: input.role, 'page[size]': input.page_size ?? 50, 'page[after]': input.cursor },
    });
    const page = body as { users?: User[]; meta?: { has_more?: boolean; after_cursor?: string | null } };
    return {
      users: (page.users ?? []).map((u) => ({
        id: u.id, name: u.name ?? '', email: u.email ?? null, role: u.role ?? null, active: u.active !== false && u.suspended !== true, organization_id: u.organization_id ?? null,
      })),
      next_cursor: afterCursor(page.meta),
    };
  },
});
