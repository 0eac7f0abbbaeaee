import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ToolSpec } from '../../src/modules/tools/definition/tool-spec.js';
import { tools } from '../../src/modules/tools/catalog/google_drive/index.js';
import { createFolder } from '../../src/modules/tools/catalog/google_drive/create-folder.js';
import { getFile } from '../../src/modules/tools/catalog/google_drive/get-file.js';
import { readFileText } from '../../src/modules/tools/catalog/google_drive/read-file-text.js';
import { searchFiles } from '../../src/modules/tools/catalog/google_drive/search-files.js';
import { shareFile } from '../../src/modules/tools/catalog/google_drive/share-file.js';
import { uploadTextFile } from '../../src/modules/tools/catalog/google_drive/upload-text-file.js';
import { fakeContext, runTool, expectConnectorShape, toolFailure, acceptsInput } from '../helpers/tool-harness.js';
import { DOC, FOLDER, LOG, NOTES, PHOTO, SHEET, startGoogleDriveFake, type GoogleDriveFake } from '../fakes/providers/google_drive.js';
import { googleDriveSamples as samples } from './samples/google_drive.js';

const TOKEN = 'ya29.a0-drive-test-token';
const FIELDS = 'id,name,mimeType,size,modifiedTime,webViewLink,parents';
let fake: GoogleDriveFake;
const ctx = () => fakeContext(fake.url, TOKEN);

const failure = (spec: ToolSpec, input: unknown, context = ctx()) => toolFailure(spec, input, context);

beforeEach(async () => { fake = await startGoogleDriveFake(); });
afterEach(async () => { await fake.close(); });

describe('google_drive tools', () => {
  it('has the listed names, each definition within the 2 KB budget, strict input and honest annotations', () => {
    expectConnectorShape(tools, {
      provider: 'google_drive',
      names: [
        'google_drive_search_files', 'google_drive_get_file', 'google_drive_read_file_text', 'google_drive_create_folder', 'google_drive_upload_text_file', 'google_drive_share_file',
      ],
    });
    expect(tools.filter((t) => t.annotations.readOnly).map((t) => t.definition.name)).toEqual(['google_drive_search_files', 'google_drive_get_file', 'google_drive_read_file_text']);
    expect(tools.filter((t) => t.annotations.destructive)).toEqual([]);
  });

  it('refuses malformed ids, sizes and types in the schema, before any call', () => {
    expect(acceptsInput(getFile, { file_id: '../../about' })).toBe(false);
    expect(acceptsInput(searchFiles, { max_results: 101 })).toBe(false);
    expect(acceptsInput(readFileText, { file_id: DOC, max_chars: 100001 })).toBe(false);
    expect(acceptsInput(uploadTextFile, { name: 'a.pdf', content: 'x', mime_type: 'application/pdf' })).toBe(false);
    expect(acceptsInput(shareFile, { file_id: DOC, role: 'owner', email_address: 'a@example.com' })).toBe(false);
    expect(acceptsInput(shareFile, { file_id: DOC, role: 'reader', email_address: 'not-an-email' })).toBe(false);
  });

  it('google_drive_search_files combines filters, leaves out the trash, asks only for the fields it returns and pages', async () => {
    const out = await runTool(searchFiles, samples.google_drive_search_files.input, ctx());
    const req = fake.last();
    expect([req.method, req.path, req.headers.authorization, req.body]).toEqual(['GET', '/drive/v3/files', `Bearer ${TOKEN}`, undefined]);
    expect(req.query).toEqual({
      q: `trashed = false and name contains 'roadmap\\'s' and '${FOLDER}' in parents`, pageSize: '5', orderBy: 'modifiedTime desc',
      fields: `nextPageToken,files(${FIELDS})`, includeItemsFromAllDrives: 'true', supportsAllDrives: 'true',
    });
    expect(out).toEqual({ files: [], next_cursor: null });

    const first = await runTool(searchFiles, { query: "mimeType != 'application/vnd.google-apps.folder'", max_results: 2 }, ctx());
    expect(first.files.map((f: { name: string }) => f.name)).toEqual(['meeting notes.md', 'Q2 roadmap']);
    expect(first.files[1]).toEqual({
      id: DOC, name: 'Q2 roadmap', mime_type: 'application/vnd.google-apps.document', is_folder: false, size: null,
      modified_time: '2024-05-01T16:40:02.517Z', url: `https://docs.google.com/document/d/${DOC}/edit?usp=drivesdk`, parent_id: FOLDER,
    });
    expect(first.files[0]).toMatchObject({ size: 54, is_folder: false });
    expect(first.next_cursor).toEqual(expect.any(String));
    const second = await runTool(searchFiles, { query: "mimeType != 'application/vnd.google-apps.folder'", max_results: 2, cursor: first.next_cursor }, ctx());
    expect(fake.last().query.pageToken).toBe(first.next_cursor);
    expect(second.files.map((f: { name: string }) => f.name)).toEqual(['Budget 2024', 'server.log']);
  });

  it('google_drive_search_files sends full-text searches unsorted (Drive refuses to sort them)', async () => {
    const out = await runTool(searchFiles, { query: "fullText contains 'hire'" }, ctx());
    expect(fake.last().query).toMatchObject({ q: "trashed = false and (fullText contains 'hire')", pageSize: '20' });
    expect(fake.last().query.orderBy).toBeUndefined();
    expect(out.files.map((f: { id: string }) => f.id)).toEqual([DOC]);
  });

  it('google_drive_search_files turns a query Drive rejects into a ToolFailure naming the reason', async () => {
    const err = await failure(searchFiles, { query: 'title = "x"' });
    expect([err.status, err.providerCode, err.message]).toEqual([400, 'invalid', 'file search failed: Invalid Value: q']);
  });

  it('google_drive_get_file returns metadata with owners and description', async () => {
    const out = await runTool(getFile, samples.google_drive_get_file.input, ctx());
    const req = fake.last();
    expect([req.method, req.path, req.headers.authorization]).toEqual(['GET', `/drive/v3/files/${DOC}`, `Bearer ${TOKEN}`]);
    expect(req.query).toEqual({ fields: `${FIELDS},description,owners(emailAddress)`, supportsAllDrives: 'true' });
    expect(out).toMatchObject({ id: DOC, name: 'Q2 roadmap', description: 'Planning for April–June', owners: ['ana@example.com'], parent_id: FOLDER });
  });

  it('google_drive_get_file reports an unknown id as a 404 ToolFailure', async () => {
    const err = await failure(getFile, { file_id: '1nOsUcHfIlE' });
    expect([err.status, err.providerCode, err.message]).toEqual([404, 'notFound', 'file 1nOsUcHfIlE not found: File not found: 1nOsUcHfIlE.']);
  });

  it('google_drive_read_file_text exports a Google Doc as plain text (BOM and CRLF gone) and a Sheet as CSV', async () => {
    const doc = await runTool(readFileText, samples.google_drive_read_file_text.input, ctx());
    expect(fake.requests.map((r) => [r.method, r.path, r.query])).toEqual([
      ['GET', `/drive/v3/files/${DOC}`, { fields: 'id,name,mimeType,size', supportsAllDrives: 'true' }],
      ['GET', `/drive/v3/files/${DOC}/export`, { mimeType: 'text/plain' }],
    ]);
    expect(fake.last().headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(doc).toEqual({ id: DOC, name: 'Q2 roadmap', mime_type: 'application/vnd.google-apps.document', text: 'Q2 roadmap\n\n1. Ship the connector catalog\n2. Hire two engineers', truncated: false });

    const sheet = await runTool(readFileText, { file_id: SHEET, max_chars: 100 }, ctx());
    expect(fake.last().query).toEqual({ mimeType: 'text/csv' });
    expect(sheet.text).toBe('Item,Q1,Q2\nCloud,1200,1350\nTravel,400,250');
  });

  it('google_drive_read_file_text downloads a small text file whole and a large one only up to the cap', async () => {
    const notes = await runTool(readFileText, { file_id: NOTES }, ctx());
    expect(fake.last().query).toEqual({ alt: 'media', supportsAllDrives: 'true' });
    expect(fake.last().headers.range).toBeUndefined();
    expect(notes).toMatchObject({ text: '# Weekly sync\n\n- Roadmap approved\n- Budget: see sheet\n', truncated: false, mime_type: 'text/markdown' });

    const log = await runTool(readFileText, { file_id: LOG, max_chars: 1000 }, ctx());
    expect(fake.last().headers.range).toBe('bytes=0-3999');
    expect(log.text).toHaveLength(1000);
    expect(log.text.startsWith('2024-05-06T10:00:00Z INFO request 0 served')).toBe(true);
    expect(log.truncated).toBe(true);
  });

  it('google_drive_read_file_text refuses a binary file without downloading it', async () => {
    const err = await failure(readFileText, { file_id: PHOTO });
    expect([err.providerCode, err.message]).toEqual(['not_text', `file ${PHOTO} is image/jpeg, not text: only Google Docs, Sheets, Slides and text files can be read`]);
    expect(fake.requests).toHaveLength(1);
  });

  it('google_drive_create_folder creates a folder under the given parent', async () => {
    const out = await runTool(createFolder, samples.google_drive_create_folder.input, ctx());
    const req = fake.last();
    expect([req.method, req.path, req.headers.authorization, req.headers['content-type']]).toEqual(['POST', '/drive/v3/files', `Bearer ${TOKEN}`, 'application/json']);
    expect(req.query).toEqual({ fields: FIELDS, supportsAllDrives: 'true' });
    expect(req.body).toEqual({ name: 'Invoices', mimeType: 'application/vnd.google-apps.folder', parents: [FOLDER] });
    expect(out).toEqual({
      id: expect.stringMatching(/^1nEw/), name: 'Invoices', mime_type: 'application/vnd.google-apps.folder', is_folder: true, size: null,
      modified_time: '2024-05-06T12:00:00.000Z', url: `https://drive.google.com/drive/folders/${out.id}`, parent_id: FOLDER,
    });
  });

  it('google_drive_create_folder reports a missing parent as a 404 ToolFailure', async () => {
    const err = await failure(createFolder, { name: 'x', parent_id: '1gOnEfOlDeR' });
    expect([err.status, err.providerCode]).toEqual([404, 'notFound']);
  });

  it('google_drive_upload_text_file sends metadata and content as one multipart/related upload', async () => {
    const { content } = samples.google_drive_upload_text_file.input;
    const out = await runTool(uploadTextFile, samples.google_drive_upload_text_file.input, ctx());
    const req = fake.last();
    expect([req.method, req.path, req.headers.authorization]).toEqual(['POST', '/upload/drive/v3/files', `Bearer ${TOKEN}`]);
    expect(req.query).toEqual({ uploadType: 'multipart', fields: FIELDS, supportsAllDrives: 'true' });
    expect(req.headers['content-type']).toMatch(/^multipart\/related; boundary=latchkey_[0-9a-f]{24}$/);
    expect(fake.uploads).toEqual([{ metadata: { name: 'notes.md', parents: [FOLDER] }, contentType: 'text/markdown; charset=UTF-8', content }]);
    expect(out).toMatchObject({ name: 'notes.md', mime_type: 'text/markdown', size: Buffer.byteLength(content), parent_id: FOLDER, is_folder: false });
    expect(fake.files.find((f) => f.id === out.id)?.content).toBe(content);
  });

  it('google_drive_upload_text_file with convert asks Drive for a Google Sheet from CSV', async () => {
    const out = await runTool(uploadTextFile, { name: 'Leads', content: 'name,email\nAna,ana@example.com', mime_type: 'text/csv', convert: true }, ctx());
    expect(fake.uploads[0].metadata).toEqual({ name: 'Leads', mimeType: 'application/vnd.google-apps.spreadsheet' });
    expect(out).toMatchObject({ mime_type: 'application/vnd.google-apps.spreadsheet', size: null, url: expect.stringContaining('/spreadsheets/d/') });
  });

  it('google_drive_share_file grants a user access and sends the notification with its message', async () => {
    const out = await runTool(shareFile, samples.google_drive_share_file.input, ctx());
    const req = fake.last();
    expect([req.method, req.path, req.headers.authorization]).toEqual(['POST', `/drive/v3/files/${DOC}/permissions`, `Bearer ${TOKEN}`]);
    expect(req.query).toEqual({ fields: 'id,type,role,emailAddress', supportsAllDrives: 'true', sendNotificationEmail: 'true', emailMessage: 'Please review' });
    expect(req.body).toEqual({ type: 'user', role: 'writer', emailAddress: 'joao@example.pt' });
    expect(out).toEqual({ permission_id: expect.any(String), type: 'user', role: 'writer', email_address: 'joao@example.pt' });
  });

  it('google_drive_share_file shares with anyone with the link without notification parameters', async () => {
    const out = await runTool(shareFile, { file_id: NOTES, role: 'reader', type: 'anyone', message: 'ignored' }, ctx());
    expect(fake.last().query).toEqual({ fields: 'id,type,role,emailAddress', supportsAllDrives: 'true' });
    expect(fake.last().body).toEqual({ type: 'anyone', role: 'reader' });
    expect(out).toEqual({ permission_id: 'anyoneWithLink', type: 'anyone', role: 'reader', email_address: null });
  });

  it('google_drive_share_file without notify sends no message, and names a missing email_address before any call', async () => {
    await runTool(shareFile, { file_id: DOC, role: 'reader', type: 'group', email_address: 'team@example.com', notify: false, message: 'x' }, ctx());
    expect(fake.last().query).toEqual({ fields: 'id,type,role,emailAddress', supportsAllDrives: 'true', sendNotificationEmail: 'false' });
    const before = fake.requests.length;
    const err = await failure(shareFile, { file_id: DOC, role: 'reader' });
    expect([err.providerCode, err.message]).toEqual(['invalid_input', 'email_address is required when type is user']);
    expect(fake.requests).toHaveLength(before);
  });
});
