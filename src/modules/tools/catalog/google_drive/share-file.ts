import { ToolFailure, defineTool } from '../../definition/tool-spec.js';
import { callGoogle, seg } from '../gmail/google-api.js';
import { DRIVE, fileIdSchema } from './drive-file.js';

interface Input { file_id: string; role: 'reader' | 'commenter' | 'writer'; type?: 'user' | 'group' | 'anyone'; email_address?: string; notify?: boolean; message?: string }
interface Permission { id: string; type: string; role: string; emailAddress?: string }
interface Output { permission_id: string; type: string; role: string; email_address: string | null }

export const shareFile = defineTool<Input, Output>({
  definition: {
    name: 'google_drive_share_file',
    display_name: 'Share File',
    description: 'Give a user or group (by email_address) or anyone with the link access to a file.',
    provider: 'google_drive',
    category: 'files',
    input_schema: {
      type: 'object',
      properties: {
        file_id: fileIdSchema,
        role: { type: 'string', enum: ['reader', 'commenter', 'writer'] },
        type: { type: 'string', enum: ['user', 'group', 'anyone'], default: 'user' },
        email_address: { type: 'string', format: 'email' },
        notify: { type: 'boolean', default: true, description: 'Send an email' },
        message: { type: 'string', maxLength: 1000 },
      },
      required: ['file_id', 'role'],
      additionalProperties: false,
    },
    output_schema: {
      type: 'object',
      properties: { permission_id: { type: 'string' }, type: { type: 'string' }, role: { type: 'string' }, email_address: { type: ['string', 'null'] } },
      required: ['permission_id', 'type', 'role'],
    },
  },
  // Sharing again with the same grantee updates the one permission, but sends the email again.
  annotations: { readOnly: false, destructive: false, idempotent: false },
  version: '1.0.0',
  async run(input, ctx) {
    const type = input.type ?? 'user';
    const byEmail = type !== 'anyone';
    if (byEmail && !input.email_address) throw new ToolFailure(`email_address is required when type is ${type}`, undefined, 'invalid_input');
    const notify = byEmail && (input.notify ?? true);
    const p = await callGoogle<Permission>(ctx, {
      method: 'POST',
      path: `${DRIVE}/files/${seg(input.file_id)}/permissions`,
      query: {
        fields: 'id,type,role,emailAddress',
        supportsAllDrives: true,
        // Drive emails only users and groups, and refuses an emailMessage when it sends none.
        sendNotificationEmail: byEmail ? notify : undefined,
        emailMessage: notify ? input.message || undefined : undefined,
      },
      json: { type, role: input.role, ...(byEmail ? { emailAddress: input.email_address } : {}) },
    }, `sharing of file ${input.file_id}`);
    return { permission_id: p.id, type: p.type, role: p.role, email_address: p.emailAddress ?? null };
  },
});
