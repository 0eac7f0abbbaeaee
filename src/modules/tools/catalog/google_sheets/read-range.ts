import { defineTool } from '../../definition/tool-spec.js';
import { callGoogle } from '../gmail/google-api.js';
import { rangeSchema, spreadsheetIdSchema, valuesPath, type Cell } from './sheets-api.js';

type Render = 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE' | 'FORMULA';
interface Input { spreadsheet_id: string; range: string; value_render?: Render; max_rows?: number }
interface Output { range: string; rows: Cell[][]; truncated: boolean }

export const readRange = defineTool<Input, Output>({
  definition: {
    name: 'google_sheets_read_range',
    display_name: 'Read Range',
    description: 'Cell values of a range, row by row (trailing empty cells left out), at most max_rows.',
    provider: 'google_sheets',
    category: 'spreadsheets',
    input_schema: {
      type: 'object',
      properties: {
        spreadsheet_id: spreadsheetIdSchema,
        range: rangeSchema,
        value_render: { type: 'string', enum: ['FORMATTED_VALUE', 'UNFORMATTED_VALUE', 'FORMULA'], default: 'FORMATTED_VALUE' },
        max_rows: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
      },
      required: ['spreadsheet_id', 'range'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        range: { type: 'string' },
        rows: { type: 'array', items: { type: 'array' } },
        truncated: { type: 'boolean' },
      },
      required: ['range', 'rows', 'truncated'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const maxRows = input.max_rows ?? 200;
    const r = await callGoogle<{ range: string; values?: Cell[][] }>(ctx, {
      method: 'GET',
      path: valuesPath(input.spreadsheet_id, input.range),
      query: { majorDimension: 'ROWS', valueRenderOption: input.value_render ?? 'FORMATTED_VALUE' },
    }, `range ${input.range}`);
    // The values API has no paging: a model narrows the range to read further.
    const rows = r.values ?? [];
    return { range: r.range, rows: rows.slice(0, maxRows), truncated: rows.length > maxRows };
  },
});
