import { defineTool } from '../../definition/tool-spec.js';
import { callGoogle } from '../gmail/google-api.js';
import { valuesPath, writeValuesInputSchema, type UpdateValuesResponse, type WriteValuesInput } from './sheets-api.js';

interface Output { updated_range: string; updated_rows: number }

export const appendRows = defineTool<WriteValuesInput, Output>({
  definition: {
    name: 'google_sheets_append_rows',
    display_name: 'Append Rows',
    description: 'Add rows below the table in range (e.g. Sheet1).',
    provider: 'google_sheets',
    category: 'spreadsheets',
    input_schema: writeValuesInputSchema,
    output_schema: {
      type: 'object',
      properties: { updated_range: { type: 'string' }, updated_rows: { type: 'integer' } },
      required: ['updated_range', 'updated_rows'],
    },
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const r = await callGoogle<{ updates?: UpdateValuesResponse }>(ctx, {
      method: 'POST',
      path: `${valuesPath(input.spreadsheet_id, input.range)}:append`,
      // INSERT_ROWS pushes whatever sits below the table down instead of writing over it.
      query: { valueInputOption: input.value_input ?? 'USER_ENTERED', insertDataOption: 'INSERT_ROWS' },
      json: { majorDimension: 'ROWS', values: input.rows },
    }, `append to ${input.range}`);
    const u = r.updates ?? ({} as UpdateValuesResponse);
    return { updated_range: u.updatedRange ?? '', updated_rows: u.updatedRows ?? 0 };
  },
});
