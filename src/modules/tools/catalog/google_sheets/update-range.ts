import { defineTool } from '../../definition/tool-spec.js';
import { callGoogle } from '../gmail/google-api.js';
import { valuesPath, writeValuesInputSchema, type UpdateValuesResponse, type WriteValuesInput } from './sheets-api.js';

interface Output { updated_range: string; updated_cells: number }

export const updateRange = defineTool<WriteValuesInput, Output>({
  definition: {
    name: 'google_sheets_update_range',
    display_name: 'Update Range',
    description: 'Overwrite cells from the range\'s top-left, row by row; null keeps a cell.',
    provider: 'google_sheets',
    category: 'spreadsheets',
    input_schema: writeValuesInputSchema,
    output_schema: {
      type: 'object',
      properties: { updated_range: { type: 'string' }, updated_cells: { type: 'integer' } },
      required: ['updated_range', 'updated_cells'],
    },
  },
  // Overwritten values are gone for a model (version history is the only way back).
  annotations: { readOnly: false, destructive: true, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const u = await callGoogle<UpdateValuesResponse>(ctx, {
      method: 'PUT',
      path: valuesPath(input.spreadsheet_id, input.range),
      query: { valueInputOption: input.value_input ?? 'USER_ENTERED' },
      json: { range: input.range, majorDimension: 'ROWS', values: input.rows },
    }, `update of ${input.range}`);
    return { updated_range: u.updatedRange ?? '', updated_cells: u.updatedCells ?? 0 };
  },
});
