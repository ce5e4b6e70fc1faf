/**
 * Prepared-statement cache: domain modules write their SQL inline, next to the code that uses it,
 * and each distinct statement is prepared once per database connection.
 */
import type Database from 'better-sqlite3';

const caches = new WeakMap<Database.Database, Map<string, Database.Statement>>();

export function sql<Params extends unknown[] = unknown[], Row = unknown>(
  db: Database.Database,
  text: string,
): Database.Statement<Params, Row> {
  let cache = caches.get(db);
  if (!cache) {
    cache = new Map();
    caches.set(db, cache);
  }
  let statement = cache.get(text);
  if (!statement) {
    statement = db.prepare(text);
    cache.set(text, statement);
  }
  return statement as unknown as Database.Statement<Params, Row>;
}
