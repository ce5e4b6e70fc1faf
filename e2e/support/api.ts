/**
 * The REST API as a script uses it (Playwright's request context, with the Origin header the
 * server's CSRF check asks for): to set up what a scenario needs the way another client would.
 */
import { type APIRequestContext, expect, request } from '@playwright/test';

/** Signs in (or signs up, with a name) and returns a request context holding the session. */
export async function api(
  baseURL: string,
  who: { email: string; password: string; name?: string },
  signUp = false,
): Promise<APIRequestContext> {
  const context = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  const response = await context.post(signUp ? '/api/auth/signup' : '/api/auth/signin', { data: who });
  expect(response.ok(), await response.text()).toBe(true);
  return context;
}

/** One call that must succeed; its JSON answer. */
export async function json<T>(
  context: APIRequestContext,
  method: 'get' | 'post',
  path: string,
  data?: unknown,
): Promise<T> {
  const response = await context[method](path, data === undefined ? {} : { data });
  expect(response.ok(), `${method} ${path}: ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}
