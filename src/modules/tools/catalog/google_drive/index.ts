import type { ToolSpec } from '../../definition/tool-spec.js';
import { createFolder } from './create-folder.js';
import { getFile } from './get-file.js';
import { readFileText } from './read-file-text.js';
import { searchFiles } from './search-files.js';
import { shareFile } from './share-file.js';
import { uploadTextFile } from './upload-text-file.js';

/** The google_drive connector's tools (one file per tool in this folder). */
export const tools: ToolSpec[] = [searchFiles, getFile, readFileText, createFolder, uploadTextFile, shareFile];
