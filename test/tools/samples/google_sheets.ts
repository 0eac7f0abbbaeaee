import type { ToolSample } from './tool-sample.js';
import { CLASS_DATA } from '../../fakes/providers/google_sheets.js';

/** One valid input per google_sheets tool, as its connector test runs it, and the calls it makes on the fake (a fresh one, in this order). */
export const googleSheetsSamples = {
  google_sheets_get_spreadsheet: {
    input: { spreadsheet_id: CLASS_DATA },
    calls: ['GET /v4/spreadsheets/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms'],
  },
  google_sheets_read_range: {
    input: { spreadsheet_id: CLASS_DATA, range: "'Class Data'!A1:F3" },
    calls: ["GET /v4/spreadsheets/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/values/'Class%20Data'!A1%3AF3"],
  },
  google_sheets_append_rows: {
    input: { spreadsheet_id: CLASS_DATA, range: "'Class Data'!A:F", rows: [['Carl', 'Male', '3. Junior', 'WA', 'Physics', '90'], ['Dana', null, '', 'OR']] },
    calls: ["POST /v4/spreadsheets/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/values/'Class%20Data'!A%3AF:append"],
  },
  google_sheets_update_range: {
    input: { spreadsheet_id: CLASS_DATA, range: "'Class Data'!E2:F3", rows: [['History', null], [null, 30]] },
    calls: ["PUT /v4/spreadsheets/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/values/'Class%20Data'!E2%3AF3"],
  },
  google_sheets_create_spreadsheet: {
    input: { title: 'Q3 plan', sheet_titles: ['Goals', 'Budget'] },
    calls: ['POST /v4/spreadsheets'],
  },
  google_sheets_clear_range: {
    input: { spreadsheet_id: CLASS_DATA, range: "'Class Data'!A5:F6" },
    calls: ["POST /v4/spreadsheets/1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms/values/'Class%20Data'!A5%3AF6:clear"],
  },
} satisfies Record<string, ToolSample>;
