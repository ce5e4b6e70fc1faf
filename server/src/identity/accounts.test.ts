/**
 * Accounts against a real database (SQLite file, or PostgreSQL under `npm run test:postgres`):
 * emails are unique and found without regard to case on both engines, a taken email is refused,
 * and passwords are stored hashed and replaced.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { freshTestDatabase } from '../../test/support/engines.ts';
import type { Database } from '../storage/database.ts';
import { createUser, findUserByEmail, getPasswordHash, getUser, listUsers, setPassword } from './accounts.ts';
import { verifyPassword } from './passwords.ts';

let dispose: () => Promise<void>;
let database: Database;

beforeEach(async () => {
  ({ database, dispose } = await freshTestDatabase('accounts'));
});

afterEach(async () => {
  await dispose();
});

const password = 'long enough secret';

describe('accounts', () => {
  it('keeps the email and name as typed (trimmed) and finds the account by its email in any case', async () => {
    const { db } = database;
    const user = await createUser(db, { email: ' Nora.New@Example.test ', name: ' Nora ', password });
    expect(user).toEqual({
      id: expect.stringMatching(/^usr_/),
      email: 'Nora.New@Example.test',
      name: 'Nora',
      createdAt: expect.any(Number),
    });
    for (const email of ['Nora.New@Example.test', 'nora.new@example.test', ' NORA.NEW@EXAMPLE.TEST ']) {
      expect(await findUserByEmail(db, email), email).toEqual({
        ...user,
        passwordHash: expect.stringMatching(/^scrypt\$/),
      });
    }
    expect(await findUserByEmail(db, 'nora.old@example.test')).toBeUndefined();
    expect(await getUser(db, user.id)).toEqual(user);
    expect(await getUser(db, 'usr_missing')).toBeUndefined();
  });

  it('finds an address with letters beyond ASCII as it was typed', async () => {
    const { db } = database;
    const user = await createUser(db, { email: 'Ærøskøbing@Example.test', name: 'Åse', password });
    expect((await findUserByEmail(db, 'Ærøskøbing@Example.test'))?.id).toBe(user.id);
    expect((await findUserByEmail(db, 'Ærøskøbing@example.TEST'))?.id).toBe(user.id);
  });

  it('refuses an email already taken, whatever its case, with a conflict, and writes nothing', async () => {
    const { db } = database;
    const first = await createUser(db, { email: 'taken@example.test', name: 'First', password });
    await expect(createUser(db, { email: 'TAKEN@example.test', name: 'Second', password })).rejects.toMatchObject({
      code: 'conflict',
    });
    expect(await listUsers(db)).toEqual([first]);
  });

  it('replaces the password hash; only the new password matches', async () => {
    const { db } = database;
    const user = await createUser(db, { email: 'pass@example.test', name: 'Pat', password });
    await setPassword(db, user.id, 'a brand new secret');
    const stored = await getPasswordHash(db, user.id);
    expect(await verifyPassword('a brand new secret', stored ?? '')).toBe(true);
    expect(await verifyPassword(password, stored ?? '')).toBe(false);
    expect(await getPasswordHash(db, 'usr_missing')).toBeUndefined();
  });

  it('lists accounts in the order they were created', async () => {
    const { db } = database;
    const names = ['Ann', 'Bob', 'Cat'];
    for (const name of names) await createUser(db, { email: `${name}@example.test`, name, password });
    expect((await listUsers(db)).map((user) => user.name)).toEqual(names);
  });
});
