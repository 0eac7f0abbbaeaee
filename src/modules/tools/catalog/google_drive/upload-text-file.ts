import { defineTool } from '../../definition/tool-spec.js';
import { callGoogle } from '../gmail/google-api.js';
import { FILE_FIELDS, fileIdSchema, fileViewSchema, toFileView, type DriveFile, type FileView } from './drive-file.js';
import { multipartRelated } from './multipart-body.js';

type TextType = 'text/plain' | 'text/markdown' | 'text/csv' | 'text/html' | 'application/json';
interface Input { name: string; content: string; mime_type?: TextType; parent_id?: string; convert?: boolean }

/** What `convert` turns an upload into: CSV becomes a Sheet, any other text a Doc. */
const convertedType = (type: TextType) => (type === 'text/csv' ? 'application/vnd.google-apps.spreadsheet' : 'application/vnd.google-apps.document');

export const uploadTextFile = defineTool<Input, FileView>({
  definition: {
    name: 'google_drive_upload_text_file',
    display_name: 'Upload Text File',
    description: 'Create a new text file (or a Google Doc/Sheet with convert) from the given content.',
    provider: 'google_drive',
    category: 'files',
    input_schema: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 255, },
        content: { type: 'string', maxLength: 1000000 },
        mime_type: { type: 'string', enum: ['text/plain', 'text/markdown', 'text/csv', 'text/html', 'application/json'], default: 'text/plain' },
        parent_id: fileIdSchema,
        convert: { type: 'boolean', default: false, description: 'As Google Doc (CSV: Sheet)' },
      },
      required: ['name', 'content'],
      additionalProperties: false,
    },
    output_schema: fileViewSchema,
  },
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const type = input.mime_type ?? 'text/plain';
    const metadata = {
      name: input.name,
      ...(input.parent_id ? { parents: [input.parent_id] } : {}),
      ...(input.convert ? { mimeType: convertedType(type) } : {}),
    };
    const upload = multipartRelated(metadata, input.content, type);
    const f = await callGoogle<DriveFile>(ctx, {
      method: 'POST',
      path: '/upload/drive/v3/files',
      query: { uploadType: 'multipart', fields: FILE_FIELDS, supportsAllDrives: true },
      headers: { 'content-type': upload.contentType },
      body: upload.body,
    }, 'upload');
    return toFileView(f);
  },
});
