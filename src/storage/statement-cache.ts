import type Database from 'better-sqlite3';
import type { SqliteDatabase } from 'kysely';

/** Distinct SQL texts kept prepared; the query builder produces a few hundred, IN-lists of other lengths add more. */
const MAX_STATEMENTS = 500;

/**
 * better-sqlite3 under Kysely, each SQL text prepared once: Kysely's SQLite driver prepares every
 * query it runs, and preparing a join (the sign-in context on each token request) cost more than
 * running it in the bench:login profile. A statement another query is still iterating (a stream)
 * is busy: that query gets a fresh one. SQLite re-prepares a cached statement itself after a schema change.
 */
export function withStatementCache(sqlite: Database.Database, max = MAX_STATEMENTS): SqliteDatabase {
  const cache = new Map<string, Database.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      const cached = cache.get(sql);
      if (cached && !cached.busy) return cached;
      const stmt = sqlite.prepare(sql);
      if (cached) return stmt;
      // Oldest first out: a Map iterates in insertion order.
      if (cache.size >= max) cache.delete(cache.keys().next().value!);
      cache.set(sql, stmt);
      return stmt;
    },
  };
}
