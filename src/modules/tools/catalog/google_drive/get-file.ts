import { defineTool } from '../../definition/tool-spec.js';
import { callGoogle, seg } from '../gmail/google-api.js';
import { DRIVE, FILE_FIELDS, fileIdSchema, fileViewProperties, toFileView, type DriveFile, type FileView } from './drive-file.js';

interface Input { file_id: string }
type Output = FileView & { description: string; owners: string[] };

export const getFile = defineTool<Input, Output>({
  definition: {
    name: 'google_drive_get_file',
    display_name: 'Get File',
    description: 'Metadata of one file or folder: name, type, size, owners, link.',
    provider: 'google_drive',
    category: 'files',
    input_schema: {
      type: 'object',
      properties: { file_id: fileIdSchema },
      required: ['file_id'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { ...fileViewProperties, description: { type: 'string' }, owners: { type: 'array', items: { type: 'string' }, description: 'Emails' } },
      required: ['id', 'name', 'mime_type'],
    },
  },
  annotations: { readOnly: true, destructive: false, idempotent: true },
  version: '1.0.0',
  async run(input, ctx) {
    const f = await callGoogle<DriveFile>(ctx, {
      method: 'GET',
      path: `${DRIVE}/files/${seg(input.file_id)}`,
      query: { fields: `${FILE_FIELDS},description,owners(emailAddress)`, supportsAllDrives: true },
    }, `file ${input.file_id}`);
    return { ...toFileView(f), description: f.description ?? '', owners: (f.owners ?? []).flatMap((o) => (o.emailAddress ? [o.emailAddress] : [])) };
  },
});
