import { ToolFailure, defineTool } from '../../definition/tool-spec.js';
import { callGoogle, seg } from '../gmail/google-api.js';
import { DRIVE, fileIdSchema, type DriveFile } from './drive-file.js';

interface Input { file_id: string; max_chars?: number }
interface Output { id: string; name: string; mime_type: string; text: string; truncated: boolean }

/** Google's own formats have no bytes to download: each is exported to the text type that keeps most. */
const EXPORTS: Record<string, string> = {
  'application/vnd.google-apps.document': 'text/plain',
  'application/vnd.google-apps.spreadsheet': 'text/csv',
  'application/vnd.google-apps.presentation': 'text/plain',
};
const TEXT_TYPES = /^(text\/|application\/(json|xml|csv|javascript|x-yaml|yaml|x-sh|sql)\b|application\/[\w.+-]*\+(json|xml)\b)/;
/** UTF-8 takes up to 4 bytes a character: downloads stop there, so a large file is not fetched whole. */
const BYTES_PER_CHAR = 4;

export const readFileText = defineTool<Input, Output>({
  definition: {
    name: 'google_drive_read_file_text',
    display_name: 'Read File Text',
    description: 'Text of a Google Doc, Sheet (as CSV), Slides deck or text file, capped at max_chars.',
    provider: 'google_drive',
    category: 'files',
    input_schema: {
      type: 'object',
      properties: { file_id: fileIdSchema, max_chars: { type: 'integer', minimum: 100, maximum: 100000, default: 20000 } },
      required: ['file_id'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { id: { type: 'string' }, name: { type: 'string' }, mime_type: { type: 'string' }, text: { type: 'string' }, truncated: { type: 'boolean' } },
      required: ['id', 'text', 'truncated'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const maxChars = input.max_chars ?? 20000;
    const path = `${DRIVE}/files/${seg(input.file_id)}`;
    const meta = await callGoogle<DriveFile>(ctx, { method: 'GET', path, query: { fields: 'id,name,mimeType,size', supportsAllDrives: true } }, `file ${input.file_id}`);
    const exportAs = EXPORTS[meta.mimeType];
    if (!exportAs && !TEXT_TYPES.test(meta.mimeType)) {
      throw new ToolFailure(`file ${input.file_id} is ${meta.mimeType}, not text: only Google Docs, Sheets, Slides and text files can be read`, undefined, 'not_text');
    }
    const byteCap = maxChars * BYTES_PER_CHAR;
    const partial = !exportAs && Number(meta.size ?? 0) > byteCap;
    const body = exportAs
      ? await callGoogle<unknown>(ctx, { method: 'GET', path: `${path}/export`, query: { mimeType: exportAs }, headers: { accept: exportAs } }, `file ${input.file_id}`)
      : await callGoogle<unknown>(ctx, {
        method: 'GET', path, query: { alt: 'media', supportsAllDrives: true }, headers: { accept: '*/*', ...(partial ? { range: `bytes=0-${byteCap - 1}` } : {}) },
      }, `file ${input.file_id}`);
    // A .json file comes back parsed; a cut-off download may end inside a character (U+FFFD).
    const full = (typeof body === 'string' ? body : JSON.stringify(body, null, 2)).replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
    const text = (partial ? full.replace(/\uFFFD$/, '') : full).slice(0, maxChars);
    return { id: meta.id, name: meta.name, mime_type: meta.mimeType, text, truncated: partial || full.length > maxChars };
  },
});
