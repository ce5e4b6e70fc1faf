/**
 * Request bodies are capped before anything reads them (MAX_REQUEST_BYTES), anonymous routes
 * included, with 413 in the API's error shape; uploads keep their own, larger limit. Real server,
 * real HTTP.
 */
import http from 'node:http';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiServer,
  buildWorld,
  cleanupAfterAll,
  defaultPassword,
  expectStatus,
  startApiServer,
  type World,
} from './support/apiWorld.ts';
import { createItem } from './support/projectItems.ts';

const defer = cleanupAfterAll();
const maxRequestBytes = 4096;
let server: ApiServer;
let world: World;

beforeAll(async () => {
  server = await startApiServer(defer, { env: { MAX_REQUEST_BYTES: String(maxRequestBytes) } });
  world = await buildWorld(defer, server);
});

const signInBody = (padding: number) =>
  JSON.stringify({ email: world.owner.email, password: defaultPassword, padding: 'x'.repeat(padding) });

/** A raw POST whose body is sent as the given chunks (no Content-Length when `chunked`). */
function post(
  path: string,
  chunks: string[],
  headers: Record<string, string>,
): Promise<{ status: number; body: string; connection: string | undefined }> {
  return new Promise((resolve, reject) => {
    const request = http.request(`${server.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: server.url, ...headers },
    });
    request.on('response', (response) => {
      let body = '';
      response.on('data', (chunk) => {
        body += chunk;
      });
      response.on('end', () =>
        resolve({ status: response.statusCode ?? 0, body, connection: response.headers.connection }),
      );
    });
    // The server may answer and stop reading before every chunk is written.
    request.on('error', (error) => ((error as NodeJS.ErrnoException).code === 'EPIPE' ? undefined : reject(error)));
    for (const chunk of chunks) request.write(chunk);
    if (!headers['x-keep-open']) request.end();
  });
}

describe('the request body limit', () => {
  it('answers an oversized sign-in with 413 in the error shape', async () => {
    const response = await world.stranger.api.call('POST', '/auth/signin', {
      raw: signInBody(maxRequestBytes),
      contentType: 'application/json',
    });
    expect(expectStatus(response, 413)).toEqual({
      error: { code: 'payload_too_large', message: 'The request is larger than 4 KB, the most Atrium accepts.' },
    });
  });

  it('refuses a declared size at once, without waiting for (or reading) the body', async () => {
    // 100 MB declared, one small chunk sent and the request left open: only a server that decides
    // from the header can answer.
    const response = await post('/api/auth/signin', ['{"email":'], {
      'content-length': String(100 * 1024 * 1024),
      'x-keep-open': '1',
    });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).error.code).toBe('payload_too_large');
    // The unread body makes the connection unusable: the client is told not to send another on it.
    expect(response.connection).toBe('close');
  });

  it('counts a chunked body while it streams and stops at the limit', async () => {
    const chunks = Array.from({ length: 8 }, () => 'x'.repeat(1024));
    const response = await post('/api/auth/signin', chunks, { 'transfer-encoding': 'chunked' });
    expect(response.status).toBe(413);
    expect(JSON.parse(response.body).error.code).toBe('payload_too_large');
  });

  it('still signs people in with a normal body', async () => {
    const response = await world.stranger.api.call('POST', '/auth/signin', {
      raw: signInBody(100),
      contentType: 'application/json',
    });
    expect(expectStatus(response, 200).email).toBe(world.owner.email);
  });

  it('leaves uploads their own, larger limit', async () => {
    const item = await createItem(world.owner, world.projectA.id, { title: 'Big upload' });
    const text = new TextEncoder().encode('a line of text\n'.repeat(20_000)); // ~300 KB, far over 4 KB
    const response = await world.owner.api.post(
      `/projects/${world.projectA.id}/items/${item.id}/files?name=notes.txt&part=shared`,
      undefined,
      { raw: text, contentType: 'text/plain' },
    );
    expect(expectStatus(response, 201).size).toBe(text.byteLength);
  });
});
