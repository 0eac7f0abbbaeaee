/** Every Drive tool calls Drive API v3 under the catalog's proxy_url (https://www.googleapis.com). */
export const DRIVE = '/drive/v3';
export const FOLDER_MIME = 'application/vnd.google-apps.folder';

/** The File fields tools ask for (Drive v3 returns only id, name and mimeType unless told). */
export const FILE_FIELDS = 'id,name,mimeType,size,modifiedTime,webViewLink,parents';

/** The parts of Drive's File resource that tools read. */
export interface DriveFile {
  id: string;
  name: string;
  mimeType: string;
  /** int64 as a string; absent for folders and Google Docs. */
  size?: string;
  modifiedTime?: string;
  webViewLink?: string;
  parents?: string[];
  description?: string;
  owners?: Array<{ emailAddress?: string }>;
}

export interface FileView {
  id: string;
  name: string;
  mime_type: string;
  is_folder: boolean;
  size: number | null;
  modified_time: string;
  url: string;
  parent_id: string | null;
}

export const toFileView = (f: DriveFile): FileView => ({
  id: f.id,
  name: f.name,
  mime_type: f.mimeType,
  is_folder: f.mimeType === FOLDER_MIME,
  size: f.size === undefined ? null : Number(f.size),
  modified_time: f.modifiedTime ?? '',
  url: f.webViewLink ?? '',
  parent_id: f.parents?.[0] ?? null,
});

const str = { type: 'string' };
export const fileViewProperties = {
  id: str, name: str, mime_type: str, is_folder: { type: 'boolean' }, size: { type: ['integer', 'null'] },
  modified_time: str, url: str, parent_id: { type: ['string', 'null'] },
};
export const fileViewSchema = { type: 'object', properties: fileViewProperties, required: ['id', 'name', 'mime_type'] };

/** Drive ids are URL-safe letters, digits, '-' and '_'; checked in the schema so a model's typo fails early. */
export const fileIdSchema = { type: 'string', pattern: '^[\\w-]{1,200}$' };
