import type { ToolSpec } from '../../definition/tool-spec.js';
import { createLead } from './create-lead.js';
import { createOpportunity } from './create-opportunity.js';
import { describeObject } from './describe-object.js';
import { getRecord } from './get-record.js';
import { searchRecords } from './search-records.js';
import { soqlQuery } from './soql-query.js';
import { updateRecord } from './update-record.js';

/** The salesforce connector's tools (one file per tool in this folder). */
export const tools: ToolSpec[] = [createLead, createOpportunity, soqlQuery, getRecord, updateRecord, searchRecords, describeObject];
