import { sql, type RawBuilder } from 'kysely';

/**
 * `lower(column) LIKE '%term%' ESCAPE '\'`: the term matches literally on SQLite and PostgreSQL.
 * `%`, `_` and `\` in the term are escaped; the explicit ESCAPE matters because SQLite has no
 * default escape character. The term is lower-cased here; callers bound its length first.
 */
export function containsIgnoringCase(column: string, term: string): RawBuilder<boolean> {
  const pattern = `%${term.toLowerCase().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
  return sql<boolean>`lower(${sql.ref(column)}) like ${pattern} escape '\\'`;
}
