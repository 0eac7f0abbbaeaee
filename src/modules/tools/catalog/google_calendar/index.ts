import type { ToolSpec } from '../../definition/tool-spec.js';
import { createEvent } from './create-event.js';
import { deleteEvent } from './delete-event.js';
import { findFreeSlots } from './find-free-slots.js';
import { getEvent } from './get-event.js';
import { listCalendars } from './list-calendars.js';
import { listEvents } from './list-events.js';
import { updateEvent } from './update-event.js';

/** The google_calendar connector's tools (one file per tool in this folder). */
export const tools: ToolSpec[] = [listEvents, getEvent, createEvent, updateEvent, deleteEvent, findFreeSlots, listCalendars];
