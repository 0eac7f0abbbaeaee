import { defineTool } from '../../definition/tool-spec.js';
import { callGoogle } from '../gmail/google-api.js';
import { rangeSchema, spreadsheetIdSchema, valuesPath } from './sheets-api.js';

interface Input { spreadsheet_id: string; range: string }

export const clearRange = defineTool<Input, { cleared_range: string }>({
  definition: {
    name: 'google_sheets_clear_range',
    display_name: 'Clear Range',
    description: 'Erase the values of a range, keeping its formatting.',
    provider: 'google_sheets',
    category: 'spreadsheets',
    input_schema: {
      type: 'object',
      properties: { spreadsheet_id: spreadsheetIdSchema, range: rangeSchema },
      required: ['spreadsheet_id', 'range'],
      additionalProperties: false,
    },
    output_schema: { type: 'object', properties: { cleared_range: { type: 'string' } }, required: ['cleared_range'] },
  },
  annotations: { readOnly: false, destructive: true, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const r = await callGoogle<{ spreadsheetId: string; clearedRange?: string }>(ctx, {
      method: 'POST', path: `${valuesPath(input.spreadsheet_id, input.range)}:clear`, json: {},
    }, `clear of ${input.range}`);
    return { cleared_range: r.clearedRange ?? input.range };
  },
});
