/**
 * The same-origin rule (CSRF defence) on cookie-authenticated unsafe requests, and its exemption for
 * bearer tokens, which carry no ambient authority.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ApiClient,
  type ApiServer,
  cleanupAfterAll,
  expectStatus,
  type Person,
  signUp,
  startApiServer,
} from '../../test/support/apiWorld.ts';

const defer = cleanupAfterAll();
let server: ApiServer;
let person: Person;

beforeAll(async () => {
  server = await startApiServer(defer);
  person = await signUp(server, { name: 'Carla Cookie', email: 'carla@example.test' });
});

const tokenNames = async (who: Person) =>
  expectStatus(await who.api.get('/tokens'), 200).map((t: { name: string }) => t.name);

describe('cookie-authenticated writes', () => {
  it('are refused with 403 from a foreign Origin, and have no effect', async () => {
    for (const origin of [
      'http://evil.example',
      'null',
      server.url.replace(/:(\d+)$/, ':1'),
      `https://${new URL(server.url).host}.evil.example`,
    ]) {
      const response = await person.api.post('/tokens', { name: `from ${origin}` }, { origin });
      expect(expectStatus(response, 403)).toEqual({
        error: { code: 'forbidden', message: 'Cross-site request refused.' },
      });
    }
    expect(await tokenNames(person)).toEqual([]);
  });

  it('are refused for PUT and DELETE too', async () => {
    const created = expectStatus(await person.api.post('/tokens', { name: 'kept' }), 201);
    expectStatus(await person.api.delete(`/tokens/${created.id}`, { origin: 'http://evil.example' }), 403);
    expectStatus(
      await person.api.put('/workspaces/x/members/y', { role: 'admin' }, { origin: 'http://evil.example' }),
      403,
    );
    expect(await tokenNames(person)).toContain('kept');
    expectStatus(await person.api.delete(`/tokens/${created.id}`), 204);
  });

  it('are refused when the browser says the request is cross-site even without an Origin', async () => {
    const response = await person.api.post(
      '/tokens',
      { name: 'sneaky' },
      { origin: null, headers: { 'sec-fetch-site': 'cross-site' } },
    );
    expectStatus(response, 403);
    expect(await tokenNames(person)).not.toContain('sneaky');
  });

  it("succeed from the server's own Origin", async () => {
    expectStatus(await person.api.post('/tokens', { name: 'same origin' }, { origin: server.url }), 201);
    expect(await tokenNames(person)).toContain('same origin');
  });

  it('refuse a cross-site sign-in (login CSRF) too', async () => {
    const response = await new ApiClient(server.url).post(
      '/auth/signin',
      { email: person.email, password: person.password },
      { origin: 'http://evil.example' },
    );
    expectStatus(response, 403);
    expect(response.headers.getSetCookie()).toEqual([]);
  });

  it('reads are not subject to the rule (they change nothing)', async () => {
    expectStatus(await person.api.get('/me', { origin: 'http://evil.example' }), 200);
  });
});

describe('bearer-token requests', () => {
  it('work without an Origin, and from any Origin', async () => {
    const { token } = expectStatus(await person.api.post('/tokens', { name: 'script' }), 201);
    const script = person.api.withToken(token);
    expectStatus(await script.post('/workspaces', { name: 'Scripted' }, { origin: null }), 201);
    expectStatus(
      await script.post('/workspaces', { name: 'Scripted elsewhere' }, { origin: 'http://evil.example' }),
      201,
    );
    const names = expectStatus(await person.api.get('/workspaces'), 200).map((w: { name: string }) => w.name);
    expect(names).toEqual(expect.arrayContaining(['Scripted', 'Scripted elsewhere']));
  });
});

describe('configured origins', () => {
  it('accepts PUBLIC_URL and ALLOWED_ORIGINS, and nothing else', async () => {
    const configured = await startApiServer(defer, {
      env: {
        PUBLIC_URL: 'https://atrium.example.com',
        ALLOWED_ORIGINS: 'https://app.example.com, https://admin.example.com',
      },
    });
    const someone = await signUp(configured, { name: 'Oren Origins', email: 'oren@example.test' });
    for (const origin of [
      'https://atrium.example.com',
      'https://app.example.com',
      'https://admin.example.com',
      configured.url,
    ]) {
      expectStatus(await someone.api.post('/tokens', { name: origin }, { origin }), 201);
    }
    for (const origin of ['http://atrium.example.com', 'https://example.com', 'https://app.example.com.evil.example']) {
      expectStatus(await someone.api.post('/tokens', { name: origin }, { origin }), 403);
    }
  });
});
