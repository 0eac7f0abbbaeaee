import { plainText, type RichText } from './rich-text.js';

/** A Notion property value reduced to what a model reads: text, a number, a flag, a list of names, or null. */
export type FlatValue = string | number | boolean | null | string[];

const named = (x: { name?: string; id?: string } | null | undefined): string | null => (x ? x.name ?? x.id ?? null : null);

function flatDate(d: { start?: string; end?: string | null } | null | undefined): string | null {
  if (!d?.start) return null;
  return d.end ? `${d.start} → ${d.end}` : d.start;
}

/** Decodes one property of a page (https://developers.notion.com/reference/page-property-values). */
export function flatProperty(p: any): FlatValue {
  const v = p?.[p?.type];
  switch (p?.type) {
    case 'title':
    case 'rich_text': return plainText(v as RichText[]);
    case 'number': case 'checkbox': case 'url': case 'email': case 'phone_number':
    case 'created_time': case 'last_edited_time': return v ?? null;
    case 'select': case 'status': return named(v);
    case 'multi_select': return (v ?? []).map((o: any) => o.name);
    case 'date': return flatDate(v);
    case 'people': return (v ?? []).map((u: any) => u.name ?? u.id);
    case 'created_by': case 'last_edited_by': return named(v);
    case 'relation': return (v ?? []).map((r: any) => r.id);
    case 'files': return (v ?? []).map((f: any) => f.name ?? f.external?.url ?? f.file?.url);
    case 'unique_id': return v ? `${v.prefix ? `${v.prefix}-` : ''}${v.number}` : null;
    case 'formula': return v ? (v.type === 'date' ? flatDate(v.date) : v[v.type] ?? null) : null;
    case 'rollup':
      if (!v) return null;
      if (v.type === 'array') return (v.array ?? []).map((item: any) => String(flatProperty(item) ?? ''));
      return v.type === 'date' ? flatDate(v.date) : v[v.type] ?? null;
    default: return null;
  }
}

/** A database's title is its own; a page's is whichever property has type `title` (its name varies). */
export function pageTitle(page: any): string {
  if (page?.object === 'database') return plainText(page.title);
  const title = Object.values(page?.properties ?? {}).find((p: any) => p?.type === 'title');
  return title ? plainText((title as any).title) : '';
}

export const flatProperties = (page: any): Record<string, FlatValue> =>
  Object.fromEntries(Object.entries(page?.properties ?? {}).map(([name, p]) => [name, flatProperty(p)]));

export function parentOf(page: any): { type: string; id: string | null } {
  const type: string = page?.parent?.type ?? 'unknown';
  const id = page?.parent?.[type];
  return { type, id: typeof id === 'string' ? id : null };
}

export const propertiesOut = {
  type: 'object',
    additionalProperties: { type: ['string', 'number', 'boolean', 'null', 'array'], items: { type: 'string' } },
};
