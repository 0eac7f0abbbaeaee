import type { ToolSpec } from '../../definition/tool-spec.js';
import { createContact } from './create-contact.js';
import { createDeal } from './create-deal.js';
import { getContact } from './get-contact.js';
import { listDeals } from './list-deals.js';
import { searchContacts } from './search-contacts.js';
import { updateContact } from './update-contact.js';

/** The hubspot connector's tools (one file per tool in this folder). */
export const tools: ToolSpec[] = [createContact, searchContacts, getContact, updateContact, createDeal, listDeals];
