import { defineTool } from '../../definition/tool-spec.js';
import { callGoogle } from '../gmail/google-api.js';
import { DRIVE, FILE_FIELDS, FOLDER_MIME, fileIdSchema, fileViewSchema, toFileView, type DriveFile, type FileView } from './drive-file.js';

interface Input { name: string; parent_id?: string }

export const createFolder = defineTool<Input, FileView>({
  definition: {
    name: 'google_drive_create_folder',
    display_name: 'Create Folder',
    description: 'Create a folder, in My Drive\'s root unless parent_id is given.',
    provider: 'google_drive',
    category: 'files',
    input_schema: {
      type: 'object',
      properties: { name: { type: 'string', minLength: 1, maxLength: 255 }, parent_id: fileIdSchema },
      required: ['name'],
      additionalProperties: false,
    },
    output_schema: fileViewSchema,
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const f = await callGoogle<DriveFile>(ctx, {
      method: 'POST',
      path: `${DRIVE}/files`,
      query: { fields: FILE_FIELDS, supportsAllDrives: true },
      json: { name: input.name, mimeType: FOLDER_MIME, ...(input.parent_id ? { parents: [input.parent_id] } : {}) },
    }, 'folder creation');
    return toFileView(f);
  },
});
