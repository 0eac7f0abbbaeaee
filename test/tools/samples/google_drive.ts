import type { ToolSample } from './tool-sample.js';
import { DOC, FOLDER } from '../../fakes/providers/google_drive.js';

/** One valid input per google_drive tool, as its connector test runs it, and the calls it makes on the fake (a fresh one, in this order). */
export const googleDriveSamples = {
  google_drive_search_files: {
    input: { name_contains: "roadmap's", folder_id: FOLDER, max_results: 5 },
    calls: ['GET /drive/v3/files'],
  },
  google_drive_get_file: {
    input: { file_id: DOC },
    calls: ['GET /drive/v3/files/1dT4oRcKx7Wq2Lm9Np3Vb6Zs8Hj0Gf5Ye1uIoPaSdFg'],
  },
  google_drive_read_file_text: {
    input: { file_id: DOC },
    calls: ['GET /drive/v3/files/1dT4oRcKx7Wq2Lm9Np3Vb6Zs8Hj0Gf5Ye1uIoPaSdFg', 'GET /drive/v3/files/1dT4oRcKx7Wq2Lm9Np3Vb6Zs8Hj0Gf5Ye1uIoPaSdFg/export'],
  },
  google_drive_create_folder: {
    input: { name: 'Invoices', parent_id: FOLDER },
    calls: ['POST /drive/v3/files'],
  },
  google_drive_upload_text_file: {
    input: { name: 'notes.md', content: "Olá — line one\r\nline two with --dashes", mime_type: 'text/markdown', parent_id: FOLDER },
    calls: ['POST /upload/drive/v3/files'],
  },
  google_drive_share_file: {
    input: { file_id: DOC, role: 'writer', email_address: 'joao@example.pt', message: 'Please review' },
    calls: ['POST /drive/v3/files/1dT4oRcKx7Wq2Lm9Np3Vb6Zs8Hj0Gf5Ye1uIoPaSdFg/permissions'],
  },
} satisfies Record<string, ToolSample>;
