import { defineTool } from '../../definition/tool-spec.js';
import { callSalesforce, sobjectPath } from './salesforce-api.js';

interface Input {
  first_name?: string; last_name: string; email?: string; company?: string;
  title?: string; phone?: string; lead_source?: string; description?: string;
}

/** Salesforce requires Company on a Lead; Web-to-Lead fills this same placeholder when a form leaves it out. */
export const COMPANY_PLACEHOLDER = '[not provided]';

export const createLead = defineTool<Input, { id: string; company: string }>({
  definition: {
    name: 'salesforce_create_lead',
    display_name: 'Create lead',
    description: 'Create a lead; company defaults to "[not provided]".',
    provider: 'salesforce',
    category: 'crm',
    input_schema: {
      type: 'object',
      properties: {
        first_name: { type: 'string', maxLength: 40 },
        last_name: { type: 'string', minLength: 1, maxLength: 80 },
        email: { type: 'string', format: 'email', maxLength: 80 },
        company: { type: 'string', minLength: 1, maxLength: 255 },
        title: { type: 'string', maxLength: 128 },
        phone: { type: 'string', maxLength: 40 },
        lead_source: { type: 'string', maxLength: 40, description: 'e.g. Web' },
        description: { type: 'string', maxLength: 32000 },
      },
      required: ['last_name'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { id: { type: 'string' }, company: { type: 'string' } },
      required: ['id', 'company'],
    },
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const company = input.company ?? COMPANY_PLACEHOLDER;
    const body = await callSalesforce(ctx, {
      method: 'POST',
      path: `${sobjectPath('Lead')}/`,
      json: {
        FirstName: input.first_name, LastName: input.last_name, Email: input.email, Company: company,
        Title: input.title, Phone: input.phone, LeadSource: input.lead_source, Description: input.description,
      },
    });
    return { id: String(body.id), company };
  },
});
