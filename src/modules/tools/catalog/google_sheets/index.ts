import type { ToolSpec } from '../../definition/tool-spec.js';
import { appendRows } from './append-rows.js';
import { clearRange } from './clear-range.js';
import { createSpreadsheet } from './create-spreadsheet.js';
import { getSpreadsheet } from './get-spreadsheet.js';
import { readRange } from './read-range.js';
import { updateRange } from './update-range.js';

/** The google_sheets connector's tools (one file per tool in this folder). */
export const tools: ToolSpec[] = [getSpreadsheet, readRange, appendRows, updateRange, createSpreadsheet, clearRange];
