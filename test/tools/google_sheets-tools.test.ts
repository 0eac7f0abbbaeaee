import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ToolSpec } from '../../src/modules/tools/definition/tool-spec.js';
import { tools } from '../../src/modules/tools/catalog/google_sheets/index.js';
import { appendRows } from '../../src/modules/tools/catalog/google_sheets/append-rows.js';
import { clearRange } from '../../src/modules/tools/catalog/google_sheets/clear-range.js';
import { createSpreadsheet } from '../../src/modules/tools/catalog/google_sheets/create-spreadsheet.js';
import { getSpreadsheet } from '../../src/modules/tools/catalog/google_sheets/get-spreadsheet.js';
import { readRange } from '../../src/modules/tools/catalog/google_sheets/read-range.js';
import { updateRange } from '../../src/modules/tools/catalog/google_sheets/update-range.js';
import { fakeContext, runTool, expectConnectorShape, toolFailure, acceptsInput } from '../helpers/tool-harness.js';
import { CLASS_DATA, startGoogleSheetsFake, type GoogleSheetsFake } from '../fakes/providers/google_sheets.js';
import { googleSheetsSamples as samples } from './samples/google_sheets.js';

const TOKEN = 'ya29.a0-sheets-test-token';
const BASE = `/v4/spreadsheets/${CLASS_DATA}`;
let fake: GoogleSheetsFake;
const ctx = () => fakeContext(fake.url, TOKEN);

const failure = (spec: ToolSpec, input: unknown, context = ctx()) => toolFailure(spec, input, context);
const read = (range: string) => runTool(readRange, { spreadsheet_id: CLASS_DATA, range }, ctx());

beforeEach(async () => { fake = await startGoogleSheetsFake(); });
afterEach(async () => { await fake.close(); });

describe('google_sheets tools', () => {
  it('has the listed names, each definition within the 2 KB budget, strict input and honest annotations', () => {
    expectConnectorShape(tools, {
      provider: 'google_sheets',
      names: [
        'google_sheets_get_spreadsheet', 'google_sheets_read_range', 'google_sheets_append_rows', 'google_sheets_update_range', 'google_sheets_create_spreadsheet', 'google_sheets_clear_range',
      ],
    });
    expect(tools.filter((t) => t.annotations.readOnly).map((t) => t.definition.name)).toEqual(['google_sheets_get_spreadsheet', 'google_sheets_read_range']);
    expect(tools.filter((t) => t.annotations.destructive).map((t) => t.definition.name)).toEqual(['google_sheets_update_range', 'google_sheets_clear_range']);
  });

  it('refuses malformed ids, empty rows and oversized reads in the schema, before any call', () => {
    expect(acceptsInput(readRange, { spreadsheet_id: 'a/b', range: 'A1' })).toBe(false);
    expect(acceptsInput(readRange, { spreadsheet_id: CLASS_DATA, range: 'A1', max_rows: 1001 })).toBe(false);
    expect(acceptsInput(appendRows, { spreadsheet_id: CLASS_DATA, range: 'Sheet1', rows: [] })).toBe(false);
    expect(acceptsInput(updateRange, { spreadsheet_id: CLASS_DATA, range: 'A1', rows: [[{ a: 1 }]] })).toBe(false);
    expect(acceptsInput(createSpreadsheet, { title: 'x', sheet_titles: ['A', 'A'] })).toBe(false);
  });

  it('google_sheets_get_spreadsheet asks for sheet properties only and lists the tabs', async () => {
    const out = await runTool(getSpreadsheet, samples.google_sheets_get_spreadsheet.input, ctx());
    const req = fake.last();
    expect([req.method, req.path, req.headers.authorization, req.body]).toEqual(['GET', BASE, `Bearer ${TOKEN}`, undefined]);
    expect(req.query).toEqual({ fields: 'spreadsheetId,spreadsheetUrl,properties(title,timeZone),sheets.properties(sheetId,title,index,gridProperties(rowCount,columnCount))' });
    expect(out).toEqual({
      spreadsheet_id: CLASS_DATA, title: 'Example Spreadsheet', url: `https://docs.google.com/spreadsheets/d/${CLASS_DATA}/edit`, time_zone: 'America/Los_Angeles',
      sheets: [
        { sheet_id: 0, title: 'Class Data', index: 0, row_count: 1000, column_count: 26 },
        { sheet_id: 1874593216, title: 'Notes', index: 1, row_count: 1000, column_count: 26 },
      ],
    });
  });

  it('google_sheets_get_spreadsheet reports an unknown id as a 404 ToolFailure with Google\'s status', async () => {
    const err = await failure(getSpreadsheet, { spreadsheet_id: '1nOsUcHsPrEaDsHeEt' });
    expect([err.status, err.providerCode, err.message]).toEqual([404, 'NOT_FOUND', 'spreadsheet 1nOsUcHsPrEaDsHeEt not found: Requested entity was not found.']);
  });

  it('google_sheets_read_range encodes the A1 range as one path segment and reads rows as formatted text', async () => {
    const out = await runTool(readRange, samples.google_sheets_read_range.input, ctx());
    const req = fake.last();
    expect([req.method, req.path, req.headers.authorization]).toEqual(['GET', `${BASE}/values/'Class%20Data'!A1%3AF3`, `Bearer ${TOKEN}`]);
    expect(req.query).toEqual({ majorDimension: 'ROWS', valueRenderOption: 'FORMATTED_VALUE' });
    expect(out).toEqual({
      range: "'Class Data'!A1:F3",
      rows: [['Student Name', 'Gender', 'Class Level', 'Home State', 'Major', 'Credits'], ['Alexandra', 'Female', '4. Senior', 'CA', 'English', '112'], ['Andrew', 'Male', '1. Freshman', 'SD', 'Math', '24']],
      truncated: false,
    });
  });

  it('google_sheets_read_range caps rows at max_rows and renders numbers or formulas on request', async () => {
    const capped = await runTool(readRange, { spreadsheet_id: CLASS_DATA, range: 'Class Data', max_rows: 2, value_render: 'UNFORMATTED_VALUE' }, ctx());
    expect(capped).toEqual({ range: "'Class Data'!A1:Z1000", rows: [['Student Name', 'Gender', 'Class Level', 'Home State', 'Major', 'Credits'], ['Alexandra', 'Female', '4. Senior', 'CA', 'English', 112]], truncated: true });
    const formula = await runTool(readRange, { spreadsheet_id: CLASS_DATA, range: "'Class Data'!F6", value_render: 'FORMULA' }, ctx());
    expect(fake.last().query.valueRenderOption).toBe('FORMULA');
    expect(formula.rows).toEqual([['=SUM(F2:F5)']]);
    const empty = await runTool(readRange, { spreadsheet_id: CLASS_DATA, range: 'Notes!D10:E20' }, ctx());
    expect(empty).toEqual({ range: 'Notes!D10:E20', rows: [], truncated: false });
  });

  it('google_sheets_read_range turns an unparsable range into a 400 ToolFailure', async () => {
    const err = await failure(readRange, { spreadsheet_id: CLASS_DATA, range: 'Nope!A1' });
    expect([err.status, err.providerCode, err.message]).toEqual([400, 'INVALID_ARGUMENT', 'range Nope!A1 failed: Unable to parse range: Nope!A1']);
  });

  it('google_sheets_append_rows appends below the table, parsing input as a user would', async () => {
    const out = await runTool(appendRows, samples.google_sheets_append_rows.input, ctx());
    const req = fake.last();
    expect([req.method, req.path, req.headers.authorization, req.headers['content-type']]).toEqual(['POST', `${BASE}/values/'Class%20Data'!A%3AF:append`, `Bearer ${TOKEN}`, 'application/json']);
    expect(req.query).toEqual({ valueInputOption: 'USER_ENTERED', insertDataOption: 'INSERT_ROWS' });
    expect(req.body).toEqual({ majorDimension: 'ROWS', values: [['Carl', 'Male', '3. Junior', 'WA', 'Physics', '90'], ['Dana', null, '', 'OR']] });
    expect(out).toEqual({ updated_range: "'Class Data'!A7:F8", updated_rows: 2 });
    expect((await runTool(readRange, { spreadsheet_id: CLASS_DATA, range: "'Class Data'!A7:F8", value_render: 'UNFORMATTED_VALUE' }, ctx())).rows)
      .toEqual([['Carl', 'Male', '3. Junior', 'WA', 'Physics', 90], ['Dana', '', '', 'OR']]);
  });

  it('google_sheets_append_rows with RAW keeps text as typed', async () => {
    await runTool(appendRows, { spreadsheet_id: CLASS_DATA, range: 'Notes', rows: [['=1+1', '007']], value_input: 'RAW' }, ctx());
    expect(fake.last().query.valueInputOption).toBe('RAW');
    expect((await read('Notes!A2:B2')).rows).toEqual([['=1+1', '007']]);
  });

  it('google_sheets_update_range overwrites cells from the top-left, null keeping a cell', async () => {
    const out = await runTool(updateRange, samples.google_sheets_update_range.input, ctx());
    const req = fake.last();
    expect([req.method, req.path, req.headers.authorization]).toEqual(['PUT', `${BASE}/values/'Class%20Data'!E2%3AF3`, `Bearer ${TOKEN}`]);
    expect(req.query).toEqual({ valueInputOption: 'USER_ENTERED' });
    expect(req.body).toEqual({ range: "'Class Data'!E2:F3", majorDimension: 'ROWS', values: [['History', null], [null, 30]] });
    expect(out).toEqual({ updated_range: "'Class Data'!E2:F3", updated_cells: 4 });
    expect((await read("'Class Data'!E2:F3")).rows).toEqual([['History', '112'], ['Math', '30']]);
  });

  it('google_sheets_update_range reports rows that do not fit the range as a 400 ToolFailure', async () => {
    const err = await failure(updateRange, { spreadsheet_id: CLASS_DATA, range: 'Notes!A1:B1', rows: [['a', 'b', 'c']] });
    expect([err.status, err.providerCode]).toEqual([400, 'INVALID_ARGUMENT']);
    expect(err.message).toBe('update of Notes!A1:B1 failed: Requested writing within range [Notes!A1:B1], but tried writing to column [C]');
  });

  it('google_sheets_create_spreadsheet creates the named tabs and returns the id and link', async () => {
    const out = await runTool(createSpreadsheet, samples.google_sheets_create_spreadsheet.input, ctx());
    const req = fake.last();
    expect([req.method, req.path, req.headers.authorization]).toEqual(['POST', '/v4/spreadsheets', `Bearer ${TOKEN}`]);
    expect(req.query).toEqual({ fields: 'spreadsheetId,spreadsheetUrl,properties.title,sheets.properties(sheetId,title)' });
    expect(req.body).toEqual({ properties: { title: 'Q3 plan' }, sheets: [{ properties: { title: 'Goals' } }, { properties: { title: 'Budget' } }] });
    expect(out).toEqual({
      spreadsheet_id: expect.stringMatching(/^1nEwSpReAdShEeT/), title: 'Q3 plan', url: `https://docs.google.com/spreadsheets/d/${out.spreadsheet_id}/edit`,
      sheets: [{ sheet_id: 0, title: 'Goals' }, { sheet_id: expect.any(Number), title: 'Budget' }],
    });
    const plain = await runTool(createSpreadsheet, { title: 'Scratch' }, ctx());
    expect(fake.last().body).toEqual({ properties: { title: 'Scratch' } });
    expect(plain.sheets).toEqual([{ sheet_id: 0, title: 'Sheet1' }]);
  });

  it('google_sheets_clear_range erases values and answers the cleared range', async () => {
    const out = await runTool(clearRange, samples.google_sheets_clear_range.input, ctx());
    const req = fake.last();
    expect([req.method, req.path, req.headers.authorization, req.query, req.body]).toEqual(['POST', `${BASE}/values/'Class%20Data'!A5%3AF6:clear`, `Bearer ${TOKEN}`, {}, {}]);
    expect(out).toEqual({ cleared_range: "'Class Data'!A5:F6" });
    expect((await read('Class Data')).rows).toHaveLength(4);
  });
});
