import { applyFieldsMask } from './google-fields-mask.js';
import { startGoogleFake, type GoogleFakeServer, type Reply } from './google-fake-server.js';

/**
 * A loopback Google Sheets API v4 (https://sheets.googleapis.com/v4) for the google_sheets
 * tools: spreadsheets.get/create trimmed by `fields`, and values get / update / append / clear
 * on A1 ranges, with the shapes and errors of Google's reference (Sheets errors carry `status`
 * and no `errors` list; answered ranges are normalised like `'Class Data'!A1:F6`; trailing
 * empty rows and cells are left out of a read).
 */
export type FakeCell = string | number | boolean | { formula: string; value: string | number };
export interface FakeSheet { sheetId: number; title: string; index: number; rowCount: number; columnCount: number; cells: Array<Array<FakeCell | undefined>> }
export interface FakeSpreadsheet { spreadsheetId: string; title: string; locale: string; timeZone: string; sheets: FakeSheet[] }

/** Google's sample spreadsheet from the Sheets quickstarts. */
export const CLASS_DATA = '1BxiMVs0XRA5nFMdKvBdBZjgmUUqptlbs74OgvE2upms';

function seed(): Map<string, FakeSpreadsheet> {
  const rows: FakeCell[][] = [
    ['Student Name', 'Gender', 'Class Level', 'Home State', 'Major', 'Credits'],
    ['Alexandra', 'Female', '4. Senior', 'CA', 'English', 112],
    ['Andrew', 'Male', '1. Freshman', 'SD', 'Math', 24],
    ['Anna', 'Female', '1. Freshman', 'NC', 'English', 30],
    ['Becky', 'Female', '2. Sophomore', 'SD', 'Art', 58.5],
    ['Total', '', '', '', '', { formula: '=SUM(F2:F5)', value: 224.5 }],
  ];
  return new Map([[CLASS_DATA, {
    spreadsheetId: CLASS_DATA, title: 'Example Spreadsheet', locale: 'en_US', timeZone: 'America/Los_Angeles',
    sheets: [
      { sheetId: 0, title: 'Class Data', index: 0, rowCount: 1000, columnCount: 26, cells: rows },
      { sheetId: 1874593216, title: 'Notes', index: 1, rowCount: 1000, columnCount: 26, cells: [['Checked', true]] },
    ],
  }]]);
}

const STATUS = { 400: 'INVALID_ARGUMENT', 404: 'NOT_FOUND' } as const;
const sheetsError = (code: 400 | 404, message: string): Reply => ({ status: code, body: { error: { code, message, status: STATUS[code] } } });
const notFound = () => sheetsError(404, 'Requested entity was not found.');

const colNumber = (letters: string) => [...letters].reduce((n, c) => n * 26 + c.charCodeAt(0) - 64, 0);
const colLetters = (n: number): string => (n <= 0 ? '' : colLetters(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));
const quoteTitle = (t: string) => (/^[A-Za-z0-9_]+$/.test(t) ? t : `'${t.replace(/'/g, "''")}'`);

interface Grid { sheet: FakeSheet; top: number; left: number; bottom: number; right: number }

/** An A1 range (`Sheet1!A1:C3`, `'Class Data'!A:F`, `Class Data`, `A2:B`) as 1-based inclusive bounds. */
function parseRange(s: FakeSpreadsheet, a1: string): Grid | undefined {
  const bang = a1.lastIndexOf('!');
  let title = bang < 0 ? undefined : a1.slice(0, bang);
  let cells = bang < 0 ? a1 : a1.slice(bang + 1);
  if (title === undefined && s.sheets.some((sh) => sh.title === a1)) { title = a1; cells = ''; }
  if (title?.startsWith("'")) title = title.slice(1, -1).replace(/''/g, "'");
  const sheet = title === undefined ? s.sheets[0] : s.sheets.find((sh) => sh.title === title);
  if (!sheet) return undefined;
  if (cells === '') return { sheet, top: 1, left: 1, bottom: sheet.rowCount, right: sheet.columnCount };
  const m = /^([A-Z]*)(\d*)(?::([A-Z]*)(\d*))?$/.exec(cells);
  if (!m || (!m[1] && !m[2])) return undefined;
  const [, c1, r1, c2, r2] = m;
  const single = m[3] === undefined && m[4] === undefined;
  const left = c1 ? colNumber(c1) : 1;
  const top = r1 ? Number(r1) : 1;
  const right = single ? (c1 ? left : sheet.columnCount) : c2 ? colNumber(c2) : sheet.columnCount;
  const bottom = single ? (r1 ? top : sheet.rowCount) : r2 ? Number(r2) : sheet.rowCount;
  return { sheet, top, left, bottom: Math.min(bottom, sheet.rowCount), right: Math.min(right, sheet.columnCount) };
}

const a1Of = (g: Grid) => `${quoteTitle(g.sheet.title)}!${colLetters(g.left)}${g.top}:${colLetters(g.right)}${g.bottom}`;

function rendered(cell: FakeCell | undefined, option: string): string | number | boolean | undefined {
  if (cell === undefined) return undefined;
  if (typeof cell === 'object') return option === 'FORMULA' ? cell.formula : rendered(cell.value, option);
  if (option === 'FORMATTED_VALUE') return typeof cell === 'boolean' ? (cell ? 'TRUE' : 'FALSE') : String(cell);
  return cell;
}

/** USER_ENTERED parses like the UI: numbers, TRUE/FALSE and formulas (this fake does not compute them). */
function entered(value: unknown, option: string): FakeCell {
  if (option === 'RAW' || typeof value !== 'string') return value as FakeCell;
  if (value.startsWith('=')) return { formula: value, value: '' };
  if (/^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (/^(TRUE|FALSE)$/i.test(value)) return value.toUpperCase() === 'TRUE';
  return value;
}

export interface GoogleSheetsFake extends GoogleFakeServer { spreadsheets: Map<string, FakeSpreadsheet> }

export async function startGoogleSheetsFake(): Promise<GoogleSheetsFake> {
  const spreadsheets = seed();
  let counter = 0;
  const resource = (s: FakeSpreadsheet) => ({
    spreadsheetId: s.spreadsheetId,
    properties: { title: s.title, locale: s.locale, autoRecalc: 'ON_CHANGE', timeZone: s.timeZone, defaultFormat: { backgroundColor: { red: 1, green: 1, blue: 1 } } },
    sheets: s.sheets.map((sh) => ({ properties: { sheetId: sh.sheetId, title: sh.title, index: sh.index, sheetType: 'GRID', gridProperties: { rowCount: sh.rowCount, columnCount: sh.columnCount } } })),
    spreadsheetUrl: `https://docs.google.com/spreadsheets/d/${s.spreadsheetId}/edit`,
  });
  const masked = (s: FakeSpreadsheet, fields: unknown): Reply => {
    const body = applyFieldsMask(resource(s), fields as string | undefined);
    return body === undefined ? sheetsError(400, `Invalid field selection ${String(fields)}`) : { status: 200, body };
  };
  const withRange = (id: string, range: string, then: (s: FakeSpreadsheet, g: Grid) => Reply): Reply => {
    const s = spreadsheets.get(id);
    if (!s) return notFound();
    const g = parseRange(s, range);
    return g ? then(s, g) : sheetsError(400, `Unable to parse range: ${range}`);
  };
  const write = (g: Grid, rows: unknown[][], option: string) => {
    rows.forEach((row, i) => row.forEach((v, j) => {
      if (v === null) return; // Sheets skips nulls on write.
      const r = g.top - 1 + i;
      while (g.sheet.cells.length <= r) g.sheet.cells.push([]);
      g.sheet.cells[r][g.left - 1 + j] = v === '' ? undefined : entered(v, option);
    }));
    const width = Math.max(0, ...rows.map((r) => r.length));
    const out = { ...g, bottom: g.top + rows.length - 1, right: g.left + width - 1 };
    return { updatedRange: a1Of(out), updatedRows: rows.length, updatedColumns: width, updatedCells: rows.reduce((n, r) => n + r.length, 0) };
  };
  const checkWrite = (body: { values?: unknown }, query: Record<string, unknown>): Reply | undefined => {
    if (!query.valueInputOption) return sheetsError(400, "'valueInputOption' is required but not specified");
    if (!['RAW', 'USER_ENTERED'].includes(String(query.valueInputOption))) return sheetsError(400, `Invalid value at 'value_input_option' (${String(query.valueInputOption)})`);
    if (!Array.isArray(body.values)) return sheetsError(400, 'Invalid JSON payload received. Unknown name "values".');
    return undefined;
  };
  const base = '/v4/spreadsheets';

  const fake = await startGoogleFake('', [
    ['GET', new RegExp(`^${base}/([^/]+)$`), (r, [id]) => {
      const s = spreadsheets.get(id);
      return s ? masked(s, r.query.fields) : notFound();
    }],
    ['POST', new RegExp(`^${base}$`), (r) => {
      const body = (r.body ?? {}) as { properties?: { title?: string }; sheets?: Array<{ properties?: { title?: string } }> };
      const titles = body.sheets?.map((sh) => sh.properties?.title ?? '') ?? ['Sheet1'];
      if (new Set(titles).size !== titles.length) return sheetsError(400, `Invalid requests[0].addSheet: A sheet with the name "${titles.find((t, i) => titles.indexOf(t) !== i)}" already exists. Please enter another name.`);
      const id = `1nEwSpReAdShEeT${String(counter++).padStart(3, '0')}kT2mQ5vX9zB3nC6pRd8`;
      const s: FakeSpreadsheet = {
        spreadsheetId: id, title: body.properties?.title ?? 'Untitled spreadsheet', locale: 'en_US', timeZone: 'Etc/GMT',
        sheets: titles.map((title, index) => ({ sheetId: index === 0 ? 0 : 100000000 + index * 7919, title, index, rowCount: 1000, columnCount: 26, cells: [] })),
      };
      spreadsheets.set(id, s);
      return masked(s, r.query.fields);
    }],
    ['GET', new RegExp(`^${base}/([^/]+)/values/([^/:]+)$`), (r, [id, range]) => withRange(id, range, (_s, g) => {
      const option = String(r.query.valueRenderOption ?? 'FORMATTED_VALUE');
      const rows = g.sheet.cells.slice(g.top - 1, g.bottom).map((row) => {
        // Array.from visits the holes a sparse row has where nothing was written.
        const cut = Array.from((row ?? []).slice(g.left - 1, g.right), (c) => rendered(c, option) ?? '');
        while (cut.length && cut[cut.length - 1] === '') cut.pop();
        return cut;
      });
      while (rows.length && rows[rows.length - 1].length === 0) rows.pop();
      return { status: 200, body: { range: a1Of(g), majorDimension: 'ROWS', ...(rows.length ? { values: rows } : {}) } };
    })],
    ['PUT', new RegExp(`^${base}/([^/]+)/values/([^/:]+)$`), (r, [id, range]) => withRange(id, range, (s, g) => {
      const body = (r.body ?? {}) as { range?: string; values?: unknown[][] };
      const bad = checkWrite(body, r.query);
      if (bad) return bad;
      if (body.range !== undefined && body.range !== range) return sheetsError(400, `Requested writing within range [${range}], but tried writing to [${body.range}]`);
      const tooWide = body.values!.findIndex((row) => g.left + row.length - 1 > g.right);
      if (g.top + body.values!.length - 1 > g.bottom) return sheetsError(400, `Requested writing within range [${range}], but tried writing to row [${g.top + body.values!.length - 1}]`);
      if (tooWide >= 0) return sheetsError(400, `Requested writing within range [${range}], but tried writing to column [${colLetters(g.left + body.values![tooWide].length - 1)}]`);
      return { status: 200, body: { spreadsheetId: s.spreadsheetId, ...write(g, body.values!, String(r.query.valueInputOption)) } };
    })],
    ['POST', new RegExp(`^${base}/([^/]+)/values/([^/:]+):append$`), (r, [id, range]) => withRange(id, range, (s, g) => {
      const body = (r.body ?? {}) as { values?: unknown[][] };
      const bad = checkWrite(body, r.query);
      if (bad) return bad;
      // The table is the data in the range's columns; new rows go right below its last row.
      let last = 0;
      g.sheet.cells.forEach((row, i) => { if ((row ?? []).slice(g.left - 1, g.right).some((c) => c !== undefined && c !== '')) last = i + 1; });
      const width = Math.max(0, ...g.sheet.cells.map((row) => (row ?? []).length)) - (g.left - 1);
      const table = last ? a1Of({ ...g, top: 1, bottom: last, right: g.left + Math.max(width, 1) - 1 }) : undefined;
      const updates = write({ ...g, top: last + 1 }, body.values!, String(r.query.valueInputOption));
      return { status: 200, body: { spreadsheetId: s.spreadsheetId, ...(table ? { tableRange: table } : {}), updates: { spreadsheetId: s.spreadsheetId, ...updates } } };
    })],
    ['POST', new RegExp(`^${base}/([^/]+)/values/([^/:]+):clear$`), (_r, [id, range]) => withRange(id, range, (s, g) => {
      g.sheet.cells.forEach((row, i) => {
        if (i + 1 < g.top || i + 1 > g.bottom) return;
        for (let c = g.left - 1; c < Math.min(g.right, row.length); c++) row[c] = undefined;
      });
      return { status: 200, body: { spreadsheetId: s.spreadsheetId, clearedRange: a1Of(g) } };
    })],
  ]);
  return Object.assign(fake, { spreadsheets });
}
