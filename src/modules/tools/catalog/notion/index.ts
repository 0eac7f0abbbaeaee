import type { ToolSpec } from '../../definition/tool-spec.js';
import { notionAppendBlocks } from './append-blocks.js';
import { notionCreatePage } from './create-page.js';
import { notionGetDatabase } from './get-database.js';
import { notionGetPageContent } from './get-page-content.js';
import { notionGetPage } from './get-page.js';
import { notionQueryDatabase } from './query-database.js';
import { notionSearch } from './search.js';

/** The notion connector's tools (one file per tool in this folder). */
export const tools: ToolSpec[] = [notionSearch, notionGetPage, notionGetPageContent, notionCreatePage, notionQueryDatabase, notionGetDatabase, notionAppendBlocks];
