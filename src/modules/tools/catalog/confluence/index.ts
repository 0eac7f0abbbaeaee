import type { ToolSpec } from '../../definition/tool-spec.js';
import { addComment } from './add-comment.js';
import { createPage } from './create-page.js';
import { getPage } from './get-page.js';
import { listSites } from './list-sites.js';
import { listSpaces } from './list-spaces.js';
import { search } from './search.js';
import { updatePage } from './update-page.js';

/** The confluence connector's tools (one file per tool in this folder). */
export const tools: ToolSpec[] = [search, getPage, createPage, updatePage, addComment, listSpaces, listSites];
