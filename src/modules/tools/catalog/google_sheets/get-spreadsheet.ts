import { defineTool } from '../../definition/tool-spec.js';
import { callGoogle, seg } from '../gmail/google-api.js';
import { SPREADSHEETS, spreadsheetIdSchema } from './sheets-api.js';

interface Input { spreadsheet_id: string }
interface SheetView { sheet_id: number; title: string; index: number; row_count: number; column_count: number }
interface Output { spreadsheet_id: string; title: string; url: string; time_zone: string; sheets: SheetView[] }
interface Spreadsheet {
  spreadsheetId: string; spreadsheetUrl?: string; properties?: { title?: string; timeZone?: string };
  sheets?: Array<{ properties?: { sheetId?: number; title?: string; index?: number; gridProperties?: { rowCount?: number; columnCount?: number } } }>;
}

const int = { type: 'integer' };

export const getSpreadsheet = defineTool<Input, Output>({
  definition: {
    name: 'google_sheets_get_spreadsheet',
    display_name: 'Get Spreadsheet',
    description: 'Title of a spreadsheet and its sheets (tabs) with their sizes; no cell values.',
    provider: 'google_sheets',
    category: 'spreadsheets',
    input_schema: {
      type: 'object',
      properties: { spreadsheet_id: spreadsheetIdSchema },
      required: ['spreadsheet_id'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: {
        spreadsheet_id: { type: 'string' }, title: { type: 'string' }, url: { type: 'string' }, time_zone: { type: 'string' },
        sheets: { type: 'array', items: { type: 'object', properties: { sheet_id: int, title: { type: 'string' }, index: int, row_count: int, column_count: int } } },
      },
      required: ['spreadsheet_id', 'title', 'sheets'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const s = await callGoogle<Spreadsheet>(ctx, {
      method: 'GET',
      path: `${SPREADSHEETS}/${seg(input.spreadsheet_id)}`,
      // Without a field mask the answer can carry every sheet's formatting and merges.
      query: { fields: 'spreadsheetId,spreadsheetUrl,properties(title,timeZone),sheets.properties(sheetId,title,index,gridProperties(rowCount,columnCount))' },
    }, `spreadsheet ${input.spreadsheet_id}`);
    return {
      spreadsheet_id: s.spreadsheetId,
      title: s.properties?.title ?? '',
      url: s.spreadsheetUrl ?? '',
      time_zone: s.properties?.timeZone ?? '',
      sheets: (s.sheets ?? []).map(({ properties: p = {} }) => ({
        sheet_id: p.sheetId ?? 0, title: p.title ?? '', index: p.index ?? 0, row_count: p.gridProperties?.rowCount ?? 0, column_count: p.gridProperties?.columnCount ?? 0,
      })),
    };
  },
});
