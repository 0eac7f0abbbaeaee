import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Tables } from './schema.js';

type Db = Kysely<Tables>;
interface Compiled<K extends string, R> {
  query: CompiledQuery<R>;
  /** Per parameter position: the name whose value goes there, or undefined for a constant of the query. */
  slots: Array<K | undefined>;
}

/**
 * A query built and compiled once per database, then run with other values: Kysely builds a node
 * tree and compiles it on every call (~40 µs for the sign-in context join), which showed on the
 * token endpoint's profile. `build` receives a placeholder per name; each run puts the values in
 * their parameter positions. For hot paths only: a query whose shape depends on its values (IN
 * lists, optional filters) must be built each time.
 */
export function compiledOnce<K extends string, R>(names: readonly K[], build: (db: Db, p: Record<K, string>) => Compilable<R>): (db: Db, values: Record<K, unknown>) => Promise<R[]> {
  // The SQL differs per dialect (`?` or `$1`), so per database handle (a transaction is its own handle).
  const byDb = new WeakMap<Db, Compiled<K, R>>();
  const compile = (db: Db): Compiled<K, R> => {
    const marks = Object.fromEntries(names.map((n) => [n, `\u0000compiled-once:${n}\u0000`])) as Record<K, string>;
    const query = build(db, marks).compile();
    const slots = query.parameters.map((v) => names.find((n) => marks[n] === v));
    const unused = names.filter((n) => !slots.includes(n));
    if (unused.length) throw new Error(`compiledOnce: the query does not use ${unused.join(', ')}`);
    return { query, slots };
  };
  return async (db, values) => {
    let compiled = byDb.get(db);
    if (!compiled) byDb.set(db, (compiled = compile(db)));
    const { query, slots } = compiled;
    const parameters = query.parameters.map((v, i) => (slots[i] === undefined ? v : values[slots[i]!]));
    return (await db.executeQuery<R>({ ...query, parameters })).rows;
  };
}
