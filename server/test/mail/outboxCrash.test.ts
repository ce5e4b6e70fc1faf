/**
 * The outbox across `kill -9`: a password-reset email enqueued while the SMTP server is down, the
 * server killed the hard way after a failed attempt, then started again once SMTP is back — the
 * email is delivered, once.
 */
import { expect, it } from 'vitest';
import { openDatabase } from '../../src/storage/database.ts';
import { ApiClient, expectStatus, signUp } from '../support/apiWorld.ts';
import { spawnServer } from '../support/childServer.ts';
import { cleanupAfterEach } from '../support/cleanup.ts';
import { eventually } from '../support/eventually.ts';
import { startSmtpSink } from '../support/smtpSink.ts';
import { databaseEnv } from '../support/testDatabase.ts';
import { makeDataDir } from '../support/testServer.ts';

const defer = cleanupAfterEach();

it('an email waiting in the outbox survives kill -9 and is sent once when SMTP is back', async () => {
  const dataDir = makeDataDir(defer);
  const sink = await startSmtpSink(defer, { listening: false });
  const env = { SMTP_URL: sink.url, MAIL_FROM: 'atrium@orchard.example', OUTBOX_POLL_MS: '100' };
  const first = await spawnServer(defer, dataDir, { entry: 'server/src/main.ts', env });
  const person = await signUp(first, { name: 'Kit Killed', email: 'kit@client.example' });
  expectStatus(await new ApiClient(first.url).post('/auth/password-reset', { email: person.email }), 202);

  const database = await openDatabase({
    dataDir,
    sqliteSync: 'normal',
    databaseUrl: (await databaseEnv(dataDir)).DATABASE_URL,
  });
  defer(() => database.close());
  const row = () => database.db.selectFrom('outbox').selectAll().executeTakeFirst();
  await eventually(async () => expect((await row())?.attempts).toBe(1));
  await first.kill();
  expect(await row()).toMatchObject({ sent_at: null, failed_at: null, claimed_until: null });

  // Its retry comes due (without waiting the minute), and SMTP is back.
  await database.db.updateTable('outbox').set({ next_attempt_at: 0 }).execute();
  await sink.start();
  await spawnServer(defer, dataDir, { entry: 'server/src/main.ts', env });
  await eventually(async () => expect((await row())?.sent_at).toEqual(expect.any(Number)));
  expect((await row())?.attempts).toBe(2);
  // Several polls later, still one message.
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(sink.messages.filter((message) => message.to.includes(person.email))).toHaveLength(1);
  expect(sink.messages[0]?.text).toMatch(/\/reset\/rst_/);
});
