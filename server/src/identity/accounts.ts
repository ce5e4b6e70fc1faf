/**
 * Accounts: people who sign in with an email and a password.
 */

import { AppError } from '../errors.ts';
import type { SqliteDatabase } from '../storage/sqlite/sqliteFile.ts';
import { sql } from '../storage/sqlite/statements.ts';
import { hashPassword } from './passwords.ts';
import { newId } from './secrets.ts';

export type User = { id: string; email: string; name: string; createdAt: number };
type UserRow = { id: string; email: string; name: string; password_hash: string; created_at: number };

const toUser = (row: UserRow): User => ({ id: row.id, email: row.email, name: row.name, createdAt: row.created_at });

export async function createUser(
  db: SqliteDatabase,
  input: { email: string; name: string; password: string },
): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  if (findUserByEmail(db, input.email)) throw new AppError('conflict', 'An account with this email already exists.');
  const row: UserRow = {
    id: newId('usr'),
    email: input.email.trim(),
    name: input.name.trim(),
    password_hash: passwordHash,
    created_at: Date.now(),
  };
  sql(db, 'INSERT INTO users (id, email, name, password_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(
    row.id,
    row.email,
    row.name,
    row.password_hash,
    row.created_at,
  );
  return toUser(row);
}

export function findUserByEmail(db: SqliteDatabase, email: string): (User & { passwordHash: string }) | undefined {
  const row = sql<[string], UserRow>(db, 'SELECT * FROM users WHERE email = ?').get(email.trim());
  return row ? { ...toUser(row), passwordHash: row.password_hash } : undefined;
}

export function getUser(db: SqliteDatabase, id: string): User | undefined {
  const row = sql<[string], UserRow>(db, 'SELECT * FROM users WHERE id = ?').get(id);
  return row ? toUser(row) : undefined;
}

export function getPasswordHash(db: SqliteDatabase, id: string): string | undefined {
  return sql<[string], { password_hash: string }>(db, 'SELECT password_hash FROM users WHERE id = ?').get(id)
    ?.password_hash;
}

export async function setPassword(db: SqliteDatabase, userId: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  sql(db, 'UPDATE users SET password_hash = ? WHERE id = ?').run(hash, userId);
}

export function listUsers(db: SqliteDatabase): User[] {
  return sql<[], UserRow>(db, 'SELECT * FROM users ORDER BY created_at').all().map(toUser);
}
