import { defineTool } from '../../definition/tool-spec.js';
import { callSalesforce, RECORD_ID, sobjectPath } from './salesforce-api.js';

interface Input { name: string; stage_name: string; close_date: string; amount?: number; account_id?: string; description?: string }

export const createOpportunity = defineTool<Input, { id: string }>({
  definition: {
    name: 'salesforce_create_opportunity',
    display_name: 'Create opportunity',
    description: 'Create an opportunity (deal), optionally for an account.',
    provider: 'salesforce',
    category: 'crm',
    input_schema: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 120 },
        stage_name: { type: 'string', minLength: 1, maxLength: 255, description: 'e.g. Prospecting, Closed Won' },
        close_date: { type: 'string', format: 'date' },
        amount: { type: 'number', minimum: 0 },
        account_id: RECORD_ID,
        description: { type: 'string', maxLength: 32000 },
      },
      required: ['name', 'stage_name', 'close_date'],
      additionalProperties: false,
    },
    output_schema: { type: 'object', properties: { id: { type: 'string' } }, required: ['id'] },
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const body = await callSalesforce(ctx, {
      method: 'POST',
      path: `${sobjectPath('Opportunity')}/`,
      json: {
        Name: input.name, StageName: input.stage_name, CloseDate: input.close_date,
        Amount: input.amount, AccountId: input.account_id, Description: input.description,
      },
    });
    return { id: String(body.id) };
  },
});
