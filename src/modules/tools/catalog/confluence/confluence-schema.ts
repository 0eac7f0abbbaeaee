/** Schema pieces shared by the Confluence tools, so each names and bounds them the same way. */
export const cloudId = { type: 'string', format: 'uuid', description: 'Omit if one site' };

export const pageId = { type: 'string', pattern: '^\\d{1,20}$' };

export const cursorIn = { type: 'string', maxLength: 2048 };

/** Outputs leave out what a provider did not say (instead of nulls), which keeps the schemas short. */
export function withoutNulls<T extends Record<string, unknown>>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined)) as Partial<T>;
}

/** null on the last page. */
export const nextCursorOut = { type: ['string', 'null'] };

/** A page as a write answers it. */
export const pageRefOut = {
  type: 'object',
  properties: { id: { type: 'string' }, title: { type: 'string' }, version: { type: 'integer' }, url: { type: 'string' } },
  required: ['id', 'title'],
};

export const bodyText = { type: 'string', maxLength: 100000, description: 'Plain text' };
