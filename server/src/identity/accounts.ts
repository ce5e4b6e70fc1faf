/**
 * Accounts: people who sign in with an email and a password. Emails are unique without regard to
 * case on both engines, so every lookup compares them lowercased on both sides.
 */

import type { ExpressionBuilder } from 'kysely';
import { AppError } from '../errors.ts';
import type { Db } from '../storage/database.ts';
import type { Schema } from '../storage/schema.ts';
import { hashPassword } from './passwords.ts';
import { newId } from './secrets.ts';

export type User = { id: string; email: string; name: string; createdAt: number };
type UserRow = Schema['users'];

const toUser = (row: UserRow): User => ({ id: row.id, email: row.email, name: row.name, createdAt: row.created_at });

/**
 * `lower()` on both sides, in SQL: SQLite's lowers ASCII only (as its NOCASE did before), so
 * lowering the given email in JavaScript would miss a stored non-ASCII address on SQLite.
 */
const emailIs = (email: string) => (eb: ExpressionBuilder<Schema, 'users'>) =>
  eb(eb.fn('lower', ['email']), '=', eb.fn('lower', [eb.val(email.trim())]));

export async function createUser(db: Db, input: { email: string; name: string; password: string }): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  const row: UserRow = {
    id: newId('usr'),
    email: input.email.trim(),
    name: input.name.trim(),
    password_hash: passwordHash,
    created_at: Date.now(),
  };
  // The unique email index decides, in the insert itself: two sign-ups with one email at the same
  // time get one account and one 409, never a constraint error.
  const inserted = await db
    .insertInto('users')
    .values(row)
    .onConflict((oc) => oc.doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) === 0) {
    throw new AppError('conflict', 'An account with this email already exists.');
  }
  return toUser(row);
}

export async function findUserByEmail(db: Db, email: string): Promise<(User & { passwordHash: string }) | undefined> {
  const row = await db.selectFrom('users').selectAll().where(emailIs(email)).executeTakeFirst();
  return row ? { ...toUser(row), passwordHash: row.password_hash } : undefined;
}

export async function getUser(db: Db, id: string): Promise<User | undefined> {
  const row = await db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toUser(row) : undefined;
}

export async function getPasswordHash(db: Db, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('password_hash').where('id', '=', id).executeTakeFirst();
  return row?.password_hash;
}

export async function setPassword(db: Db, userId: string, password: string): Promise<void> {
  const hash = await hashPassword(password);
  await db.updateTable('users').set({ password_hash: hash }).where('id', '=', userId).execute();
}

export async function listUsers(db: Db): Promise<User[]> {
  const rows = await db.selectFrom('users').selectAll().orderBy('created_at').execute();
  return rows.map(toUser);
}
