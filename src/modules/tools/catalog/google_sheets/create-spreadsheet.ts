import { defineTool } from '../../definition/tool-spec.js';
import { callGoogle } from '../gmail/google-api.js';
import { SPREADSHEETS } from './sheets-api.js';

interface Input { title: string; sheet_titles?: string[] }
interface Output { spreadsheet_id: string; title: string; url: string; sheets: Array<{ sheet_id: number; title: string }> }
interface Spreadsheet { spreadsheetId: string; spreadsheetUrl?: string; properties?: { title?: string }; sheets?: Array<{ properties?: { sheetId?: number; title?: string } }> }

export const createSpreadsheet = defineTool<Input, Output>({
  definition: {
    name: 'google_sheets_create_spreadsheet',
    display_name: 'Create Spreadsheet',
    description: 'Create a spreadsheet, with one sheet "Sheet1" unless sheet_titles are given.',
    provider: 'google_sheets',
    category: 'spreadsheets',
    input_schema: {
      type: 'object',
      properties: {
        title: { type: 'string', minLength: 1, maxLength: 255 },
        sheet_titles: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 100 }, minItems: 1, maxItems: 50, uniqueItems: true },
      },
      required: ['title'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        spreadsheet_id: { type: 'string' }, title: { type: 'string' }, url: { type: 'string' },
        sheets: { type: 'array', items: { type: 'object', properties: { sheet_id: { type: 'integer' }, title: { type: 'string' } } } },
      },
      required: ['spreadsheet_id', 'url'],
    },
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const s = await callGoogle<Spreadsheet>(ctx, {
      method: 'POST',
      path: SPREADSHEETS,
      query: { fields: 'spreadsheetId,spreadsheetUrl,properties.title,sheets.properties(sheetId,title)' },
      json: {
        properties: { title: input.title },
        ...(input.sheet_titles ? { sheets: input.sheet_titles.map((title) => ({ properties: { title } })) } : {}),
      },
    }, 'spreadsheet creation');
    return {
      spreadsheet_id: s.spreadsheetId,
      title: s.properties?.title ?? input.title,
      url: s.spreadsheetUrl ?? '',
      sheets: (s.sheets ?? []).map(({ properties: p = {} }) => ({ sheet_id: p.sheetId ?? 0, title: p.title ?? '' })),
    };
  },
});
