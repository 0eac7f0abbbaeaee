import { defineTool } from '../../definition/tool-spec.js';
import { callGoogle } from '../gmail/google-api.js';
import { DRIVE, FILE_FIELDS, fileIdSchema, fileViewSchema, toFileView, type DriveFile, type FileView } from './drive-file.js';

interface Input { query?: string; name_contains?: string; folder_id?: string; max_results?: number; cursor?: string }

/** A string literal in Drive's query language: backslash and quote escaped. */
const literal = (value: string) => `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;

export const searchFiles = defineTool<Input, { files: FileView[]; next_cursor: string | null }>({
  definition: {
    name: 'google_drive_search_files',
    display_name: 'Search Files',
    description: 'Find files and folders (not trashed), newest first; filters combine with AND.',
    provider: 'google_drive',
    category: 'files',
    input_schema: {
      type: 'object',
      properties: {
        query: { type: 'string', maxLength: 2000, description: 'Drive q syntax' },
        name_contains: { type: 'string', maxLength: 200 },
        folder_id: fileIdSchema,
        max_results: { type: 'integer', minimum: 1, maximum: 100, default: 20 },
        cursor: { type: 'string', maxLength: 500 },
      },
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { files: { type: 'array', items: fileViewSchema }, next_cursor: { type: ['string', 'null'] } },
      required: ['files', 'next_cursor'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const terms = ['trashed = false'];
    if (input.query) terms.push(`(${input.query})`);
    if (input.name_contains) terms.push(`name contains ${literal(input.name_contains)}`);
    if (input.folder_id) terms.push(`${literal(input.folder_id)} in parents`);
    const q = terms.join(' and ');
    const list = await callGoogle<{ files?: DriveFile[]; nextPageToken?: string }>(ctx, {
      method: 'GET',
      path: `${DRIVE}/files`,
      query: {
        q,
        pageSize: input.max_results ?? 20,
        pageToken: input.cursor,
        // Drive refuses to sort full-text searches (they come back by relevance).
        orderBy: /fullText/.test(q) ? undefined : 'modifiedTime desc',
        fields: `nextPageToken,files(${FILE_FIELDS})`,
        includeItemsFromAllDrives: true,
        supportsAllDrives: true,
      },
    }, 'file search');
    return { files: (list.files ?? []).map(toFileView), next_cursor: list.nextPageToken ?? null };
  },
});
