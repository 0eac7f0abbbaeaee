import Database from 'better-sqlite3';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { withStatementCache } from '../../src/storage/statement-cache.js';

/** The SQLite statement cache under Kysely: reuse, a busy statement, eviction, schema changes. */
describe('SQLite statement cache', () => {
  const opened: Database.Database[] = [];
  const open = () => {
    const sqlite = new Database(':memory:');
    opened.push(sqlite);
    sqlite.exec("create table t (id integer primary key, name text); insert into t (name) values ('a'), ('b'), ('c')");
    return sqlite;
  };
  afterEach(() => {
    for (const s of opened.splice(0)) if (s.open) s.close();
  });

  it('prepares each SQL text once and answers the same rows as a fresh statement', () => {
    const sqlite = open();
    const cached = withStatementCache(sqlite);
    const first = cached.prepare('select name from t where id = ?');
    expect(cached.prepare('select name from t where id = ?')).toBe(first);
    expect(first.all([2])).toEqual([{ name: 'b' }]);
    expect(cached.prepare('select name from t where id = ?').all([3])).toEqual([{ name: 'c' }]);
    expect(cached.prepare('select name from t where id = ? ')).not.toBe(first);
  });

  it('gives a fresh statement while the cached one is still being iterated', () => {
    const cached = withStatementCache(open());
    const text = 'select name from t order by id';
    const it1 = cached.prepare(text).iterate([]) as IterableIterator<{ name: string }>;
    expect(it1.next().value).toEqual({ name: 'a' });
    // Without the busy check better-sqlite3 throws "This statement is busy executing a query".
    expect(cached.prepare(text).all([])).toHaveLength(3);
    expect([...it1].map((r) => r.name)).toEqual(['b', 'c']);
    expect(cached.prepare(text).all([])).toHaveLength(3);
  });

  it('keeps at most `max` statements, the oldest going first', () => {
    const cached = withStatementCache(open(), 2);
    const a = cached.prepare('select 1');
    const b = cached.prepare('select 2');
    cached.prepare('select 3');
    expect(cached.prepare('select 2')).toBe(b);
    expect(cached.prepare('select 1')).not.toBe(a);
  });

  it('sees a column added after the statement was cached, through Kysely', async () => {
    const db = new Kysely<{ t: { id: number; name: string; extra?: string } }>({ dialect: new SqliteDialect({ database: withStatementCache(open()) }) });
    const read = () => db.selectFrom('t').selectAll().where('id', '=', 1).executeTakeFirst();
    expect(await read()).toEqual({ id: 1, name: 'a' });
    await sql`alter table t add column extra text default 'x'`.execute(db);
    expect(await read()).toEqual({ id: 1, name: 'a', extra: 'x' });
    await db.destroy();
  });
});
