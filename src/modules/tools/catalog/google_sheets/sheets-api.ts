import { seg } from '../gmail/google-api.js';

/** Sheets API v4 under the catalog's proxy_url (https://sheets.googleapis.com). */
export const SPREADSHEETS = '/v4/spreadsheets';

/** `/v4/spreadsheets/{id}/values/{range}`: the A1 range is one path segment (`Sheet1!A1:C3` → `Sheet1!A1%3AC3`). */
export const valuesPath = (spreadsheetId: string, range: string) => `${SPREADSHEETS}/${seg(spreadsheetId)}/values/${seg(range)}`;

export type Cell = string | number | boolean | null;

/** Input and output pieces shared by the value tools (terse: they count against each definition's budget). */
export const spreadsheetIdSchema = { type: 'string', pattern: '^[\\w-]{1,200}$' };
export const rangeSchema = { type: 'string', minLength: 1, maxLength: 300, description: 'A1, e.g. Sheet1!A1:D20' };
/** Sheets skips a null on write ("" empties a cell), so a model's null leaves that cell unchanged. */
const rowsSchema = {
  type: 'array', minItems: 1, maxItems: 1000,
  items: { type: 'array', maxItems: 200, items: { type: ['string', 'number', 'boolean', 'null'] } },
};
/** How typed values are read: USER_ENTERED parses "=SUM(A1:A3)" and "2024-05-01" as a user typing would. */
const inputOptionSchema = { type: 'string', enum: ['USER_ENTERED', 'RAW'], default: 'USER_ENTERED' };

/** The input of both writing tools (update_range, append_rows): where, which rows, and how to read them. */
export interface WriteValuesInput { spreadsheet_id: string; range: string; rows: Cell[][]; value_input?: 'USER_ENTERED' | 'RAW' }
export const writeValuesInputSchema = {
  type: 'object',
  properties: { spreadsheet_id: spreadsheetIdSchema, range: rangeSchema, rows: rowsSchema, value_input: inputOptionSchema },
  required: ['spreadsheet_id', 'range', 'rows'],
  additionalProperties: false,
};

export interface UpdateValuesResponse { spreadsheetId: string; updatedRange?: string; updatedRows?: number; updatedColumns?: number; updatedCells?: number }
