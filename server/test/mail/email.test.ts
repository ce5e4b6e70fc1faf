/**
 * Email end to end, against a real SMTP server (`smtp-server` as a sink on a port of the test's
 * own): invite links emailed and resent, "Forgot your password?" from the request to the new
 * password, the answer that never tells whether an account exists, its rate limit, and the outbox
 * riding out an SMTP outage and a server restart without losing or doubling a message.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { retryDelay } from '../../src/mail/outbox.ts';
import {
  ApiClient,
  type ApiServer,
  buildWorld,
  cleanupAfterAll,
  defaultPassword,
  expectStatus,
  type Json,
  signInAgain,
  signUp,
  startApiServer,
  type World,
} from '../support/apiWorld.ts';
import { cleanupAfterEach } from '../support/cleanup.ts';
import { eventually } from '../support/eventually.ts';
import { type SmtpSink, startSmtpSink } from '../support/smtpSink.ts';

const publicUrl = 'http://atrium.test';
const mailEnv = (sink: SmtpSink) => ({
  SMTP_URL: sink.url,
  MAIL_FROM: 'Atrium <atrium@orchard.example>',
  PUBLIC_URL: publicUrl,
  // The worker is woken by each enqueue; its own poll is left out of the timing.
  OUTBOX_POLL_MS: '3600000',
});

const defer = cleanupAfterAll();
const perTest = cleanupAfterEach();
let sink: SmtpSink;
let world: World;
let fresh = 0;

beforeAll(async () => {
  sink = await startSmtpSink(defer);
  world = await buildWorld(defer, await startApiServer(defer, { env: mailEnv(sink) }));
});

const visitor = () => new ApiClient(world.server.url);
const mailTo = (address: string) => sink.messages.filter((message) => message.to.includes(address));
const linkIn = (text: string, path: string) =>
  new RegExp(`${publicUrl.replaceAll('.', '\\.')}/${path}/([A-Za-z0-9_%-]+)`).exec(text)?.[1];

function expectErrorShape(body: Json, code: string): void {
  expect(body).toEqual({
    error: {
      code,
      message: expect.any(String),
      ...(body?.error?.details === undefined ? {} : { details: expect.anything() }),
    },
  });
}

describe('invite emails', () => {
  it('emails the invite link, in a plain-text and an HTML part, to the address given', async () => {
    const to = `guest-${++fresh}@client.example`;
    const invite = expectStatus(
      await world.admin.api.post(`/workspaces/${world.workspace.id}/invites`, {
        role: 'viewer',
        projectId: world.projectA.id,
        email: to,
      }),
      201,
    );
    expect(invite.emailedTo).toBe(to);
    expect(invite.url).toBe(`${publicUrl}/join/${invite.token}`);
    const [message] = await eventually(() => {
      expect(mailTo(to)).toHaveLength(1);
      return mailTo(to);
    });
    expect(message?.from).toBe('atrium@orchard.example');
    expect(message?.subject).toContain('Adam Admin invited you to Acme website');
    expect(linkIn(message?.text ?? '', 'join')).toBe(invite.token);
    expect(message?.html).toContain(`href="${invite.url}"`);
    expect(message?.html).toContain('Acme website');
    // The link in the email works: whoever follows it joins the project.
    const joined = expectStatus(
      await visitor().post(`/invites/${linkIn(message?.text ?? '', 'join')}/accept`, {
        name: 'Gail Guest',
        email: to,
        password: defaultPassword,
      }),
      200,
    );
    expect(joined.projectId).toBe(world.projectA.id);
  });

  it('"Resend" emails the same link again, once per resend, and the listing says where it went', async () => {
    const to = `resend-${++fresh}@client.example`;
    const path = `/workspaces/${world.workspace.id}/invites`;
    const invite = expectStatus(await world.owner.api.post(path, { role: 'member', email: to }), 201);
    await eventually(() => expect(mailTo(to)).toHaveLength(1));
    expect(expectStatus(await world.owner.api.post(`${path}/${invite.id}/resend`), 202)).toEqual({ emailedTo: to });
    await eventually(() => expect(mailTo(to)).toHaveLength(2));
    const [first, second] = mailTo(to);
    expect(linkIn(second?.text ?? '', 'join')).toBe(invite.token);
    expect(second?.html).toBe(first?.html);
    const listed = expectStatus(await world.owner.api.get(path), 200).find((i: Json) => i.id === invite.id);
    expect(listed.email).toMatchObject({ to, sendings: 2, sentAt: expect.any(Number), status: 'sent' });
    // A member of the team may not resend; a revoked invite is not resent.
    expectErrorShape(expectStatus(await world.member.api.post(`${path}/${invite.id}/resend`), 403), 'forbidden');
    expectStatus(await world.owner.api.delete(`${path}/${invite.id}`), 204);
    expectErrorShape(expectStatus(await world.owner.api.post(`${path}/${invite.id}/resend`), 410), 'gone');
    expect(mailTo(to)).toHaveLength(2);
  });

  it('refuses to resend an invite that was never emailed, and a bad address, with nothing stored', async () => {
    const path = `/workspaces/${world.workspace.id}/invites`;
    const plain = expectStatus(await world.owner.api.post(path, { role: 'member' }), 201);
    expect(plain.emailedTo).toBeNull();
    expectErrorShape(expectStatus(await world.owner.api.post(`${path}/${plain.id}/resend`), 400), 'invalid');
    const before = (expectStatus(await world.owner.api.get(path), 200) as Json[]).length;
    const bad = await world.owner.api.post(path, { role: 'member', email: 'not an address' });
    expectErrorShape(expectStatus(bad, 400), 'invalid');
    expect(expectStatus(await world.owner.api.get(path), 200)).toHaveLength(before);
  });
});

describe('forgot your password', () => {
  it('emails a single-use link that sets the new password and ends every session of the account', async () => {
    const person = await signUp(world.server, { name: 'Rita Reset', email: `rita-${++fresh}@client.example` });
    const otherBrowser = await signInAgain(world.server, person);
    const asked = await visitor().post('/auth/password-reset', { email: person.email.toUpperCase() });
    expect(expectStatus(asked, 202).message).toMatch(/If an account uses this email/);
    const message = await eventually(() => {
      expect(mailTo(person.email)).toHaveLength(1);
      return mailTo(person.email)[0];
    });
    expect(message?.subject).toBe('Reset your Atrium password');
    const token = decodeURIComponent(linkIn(message?.text ?? '', 'reset') ?? '');
    expect(token).toMatch(/^rst_/);
    expect(message?.html).toContain(`${publicUrl}/reset/`);

    // Bad input changes nothing and leaves the link usable.
    expectErrorShape(
      expectStatus(await visitor().post(`/auth/password-reset/${token}`, { password: 'short' }), 400),
      'invalid',
    );
    expectStatus(await person.api.get('/me'), 200);

    expectStatus(await visitor().post(`/auth/password-reset/${token}`, { password: 'a brand new password' }), 204);
    expectStatus(await person.api.get('/me'), 401);
    expectStatus(await otherBrowser.get('/me'), 401);
    expectStatus(await visitor().post('/auth/signin', { email: person.email, password: person.password }), 401);
    await signInAgain(world.server, { email: person.email, password: 'a brand new password' });
    // Used once, never again.
    const again = await visitor().post(`/auth/password-reset/${token}`, { password: 'yet another password' });
    expectErrorShape(expectStatus(again, 410), 'gone');
    await signInAgain(world.server, { email: person.email, password: 'a brand new password' });
  });

  it('refuses an expired link', async () => {
    const person = await signUp(world.server, { name: 'Eli Expired', email: `eli-${++fresh}@client.example` });
    expectStatus(await visitor().post('/auth/password-reset', { email: person.email }), 202);
    const message = await eventually(() => {
      expect(mailTo(person.email)).toHaveLength(1);
      return mailTo(person.email)[0];
    });
    const token = decodeURIComponent(linkIn(message?.text ?? '', 'reset') ?? '');
    // An hour passes.
    await world.server.db
      .updateTable('password_resets')
      .set({ expires_at: Date.now() - 1 })
      .where('user_id', '=', person.id)
      .execute();
    const late = await visitor().post(`/auth/password-reset/${token}`, { password: 'too late for this' });
    expectErrorShape(expectStatus(late, 410), 'gone');
    await signInAgain(world.server, person);
  });

  it('answers an unknown email exactly as a known one, and sends nothing', async () => {
    const known = await signUp(world.server, { name: 'Kim Known', email: `kim-${++fresh}@client.example` });
    const unknownEmail = `nobody-${fresh}@client.example`;
    const forKnown = await visitor().post('/auth/password-reset', { email: known.email });
    const forUnknown = await visitor().post('/auth/password-reset', { email: unknownEmail });
    expect(forUnknown.status).toBe(forKnown.status);
    expect(forUnknown.text).toBe(forKnown.text);
    await eventually(() => expect(mailTo(known.email)).toHaveLength(1));
    await world.server.outbox?.deliver();
    expect(mailTo(unknownEmail)).toEqual([]);
  });

  it('is rate-limited per account like sign-in, known account or not', async () => {
    for (const address of [`limited-${++fresh}@client.example`, world.stranger.email]) {
      for (let attempt = 0; attempt < 5; attempt++)
        expectStatus(await visitor().post('/auth/password-reset', { email: address }), 202);
      const limited = await visitor().post('/auth/password-reset', { email: address });
      expectErrorShape(expectStatus(limited, 429), 'too_many_requests');
      expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    }
    await eventually(() => expect(mailTo(world.stranger.email)).toHaveLength(5));
  });

  it('rejects a malformed request with the usual error shape', async () => {
    expectErrorShape(expectStatus(await visitor().post('/auth/password-reset', { email: 'nope' }), 400), 'invalid');
    expectErrorShape(expectStatus(await visitor().post('/auth/password-reset', {}), 400), 'invalid');
  });

  it('tells the sign-in page that email is on', async () => {
    expect(expectStatus(await visitor().get('/auth/options'), 200)).toEqual({ email: true, signup: 'open' });
  });
});

describe('the outbox', () => {
  const outboxRow = async (server: ApiServer, address: string) => {
    const rows = await server.db.selectFrom('outbox').selectAll().execute();
    return rows.find((row) => JSON.parse(row.payload).to === address);
  };

  it('retries with backoff while SMTP is down and delivers once it is back, across a restart', async () => {
    const down = await startSmtpSink(perTest, { listening: false });
    let server = await startApiServer(perTest, { env: mailEnv(down) });
    const person = await signUp(server, { name: 'Ola Outage', email: `ola-${++fresh}@client.example` });
    const workspace = expectStatus(await person.api.post('/workspaces', { name: 'Outage Co' }), 201);
    const invitesPath = `/workspaces/${workspace.id}/invites`;
    const invitee = `invitee-${fresh}@client.example`;
    const start = Date.now();
    expectStatus(await new ApiClient(server.url).post('/auth/password-reset', { email: person.email }), 202);
    const failed = await eventually(async () => {
      const row = await outboxRow(server, person.email);
      expect(row?.attempts).toBe(1);
      return row;
    });
    expectStatus(await person.api.post(invitesPath, { role: 'member', email: invitee }), 201);
    await eventually(async () => {
      const [invite] = expectStatus(await person.api.get(invitesPath), 200);
      expect(invite.email).toMatchObject({ to: invitee, status: 'retrying', sentAt: null });
    });
    expect(failed?.sent_at).toBeNull();
    expect(failed?.last_error).toMatch(/ECONNREFUSED|connect/i);
    expect(failed?.next_attempt_at).toBeGreaterThanOrEqual(start + retryDelay(1));
    // Not due yet: nothing is tried.
    expect(await server.outbox?.deliver()).toBe(0);
    expect((await outboxRow(server, person.email))?.attempts).toBe(1);
    // Due and still down: the wait doubles.
    const later = (failed?.next_attempt_at ?? 0) + 1;
    expect(await server.outbox?.deliver(later)).toBe(0);
    const twice = await outboxRow(server, person.email);
    expect(twice?.attempts).toBe(2);
    expect(twice?.next_attempt_at).toBe(later + retryDelay(2));
    expect(retryDelay(2)).toBe(2 * retryDelay(1));
    expect(retryDelay(30)).toBe(3600_000);

    // The server restarts while the message waits; the SMTP server comes back.
    await server.close();
    await down.start();
    server = await startApiServer(perTest, { dataDir: server.dataDir, env: server.env });
    const due = (twice?.next_attempt_at ?? 0) + 1;
    // The pass the worker runs as it starts (not due yet at the real time) is over first.
    expect(await server.outbox?.deliver()).toBe(0);
    expect(await server.outbox?.deliver(due)).toBe(2);
    expect(await server.outbox?.deliver(due + 3600_000)).toBe(0);
    expect(down.messages.filter((m) => m.to.includes(person.email))).toHaveLength(1);
    expect(down.messages.filter((m) => m.to.includes(invitee))).toHaveLength(1);
    const signedIn = await signInAgain(server, person);
    const [invite] = expectStatus(await signedIn.get(invitesPath), 200);
    expect(invite.email).toMatchObject({ to: invitee, status: 'sent', sentAt: expect.any(Number) });
    const sent = await outboxRow(server, person.email);
    expect(sent).toMatchObject({ attempts: 3, last_error: null, claimed_until: null });
    expect(sent?.sent_at).toEqual(expect.any(Number));
  });

  it('without SMTP_URL, email is off: no reset link, no invite emails, the link to copy as before', async () => {
    const server = await startApiServer(perTest);
    const visitorOff = new ApiClient(server.url);
    expect(expectStatus(await visitorOff.get('/auth/options'), 200).email).toBe(false);
    expectErrorShape(
      expectStatus(await visitorOff.post('/auth/password-reset', { email: 'who@client.example' }), 404),
      'not_found',
    );
    const owner = await signUp(server, { name: 'Otto Off', email: 'otto@orchard.example' });
    const workspace = expectStatus(await owner.api.post('/workspaces', { name: 'Quiet' }), 201);
    const withEmail = await owner.api.post(`/workspaces/${workspace.id}/invites`, {
      role: 'member',
      email: 'new@orchard.example',
    });
    expect(expectStatus(withEmail, 400).error.message).toMatch(/Email is off/);
    const plain = expectStatus(await owner.api.post(`/workspaces/${workspace.id}/invites`, { role: 'member' }), 201);
    expect(plain.url).toContain(`/join/${plain.token}`);
    expect(await server.db.selectFrom('outbox').selectAll().execute()).toEqual([]);
  });
});
