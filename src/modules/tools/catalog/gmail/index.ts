import type { ToolSpec } from '../../definition/tool-spec.js';
import { createDraft } from './create-draft.js';
import { fetchMails } from './fetch-mails.js';
import { getMessage } from './get-message.js';
import { listFilters } from './list-filters.js';
import { listLabels } from './list-labels.js';
import { modifyLabels } from './modify-labels.js';
import { sendEmail } from './send-email.js';

/** The gmail connector's tools (one file per tool in this folder). */
export const tools: ToolSpec[] = [fetchMails, getMessage, sendEmail, createDraft, listLabels, listFilters, modifyLabels];
