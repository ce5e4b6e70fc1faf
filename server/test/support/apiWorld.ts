/**
 * A small world of people for the API and access tests, built only through the public REST API of a
 * real Atrium server (accounts and access enforced, in-process, ephemeral port, its data in a fresh
 * directory — see testServer.ts):
 *
 *   workspace W ("Orchard Studio") with its team: owner, admin, member
 *   customer A ("Acme") with project PA; its collaborator and viewer joined via project invites
 *   customer B ("Bluebird") with project PB; its collaborator joined via a project invite
 *   a stranger with an account and no standing anywhere, and a signed-out visitor
 *
 * Every person has their own HTTP client with a cookie jar, so a test acts exactly as that person.
 * Everything about customer B contains the word "Bluebird", so a leak is a substring search away.
 */
import { afterAll, expect } from 'vitest';
import { type RunningAtrium, startAtrium } from '../../src/atriumServer.ts';
import { newId } from '../../src/identity/secrets.ts';
import type { Defer } from './cleanup.ts';
import { makeDataDir, testConfig } from './testServer.ts';

export type ApiServer = RunningAtrium & {
  dataDir: string;
  /** ws:// base URL: append `/ws` or `/sync/<name>`. */
  wsUrl: string;
  env: Record<string, string>;
};

/** Like `cleanupAfterEach`, for what a `beforeAll` builds: closed after the file's last test. */
export function cleanupAfterAll(): Defer {
  const tasks: Array<() => unknown> = [];
  afterAll(async () => {
    for (const task of tasks.splice(0).reverse()) await task();
  });
  return (task) => {
    tasks.push(task);
  };
}

export function makeApiDataDir(defer: Defer): string {
  return makeDataDir(defer, 'atrium-api-');
}

/** Starts a server with accounts and the real access policy (never `openSync`). */
export async function startApiServer(
  defer: Defer,
  options: { dataDir?: string; env?: Record<string, string> } = {},
): Promise<ApiServer> {
  const dataDir = options.dataDir ?? makeApiDataDir(defer);
  const env = options.env ?? {};
  const atrium = await startAtrium(await testConfig(dataDir, env));
  defer(() => atrium.close());
  return { ...atrium, dataDir, env, wsUrl: atrium.url.replace(/^http/, 'ws') };
}

/** Closes the server and starts a new one on the same data directory (a new port, the same people). */
export async function restartApiServer(defer: Defer, server: ApiServer): Promise<ApiServer> {
  await server.close();
  return startApiServer(defer, { dataDir: server.dataDir, env: server.env });
}

// biome-ignore lint/suspicious/noExplicitAny: response bodies are asserted on, not trusted
export type Json = any;

export type ApiResponse = {
  /** "POST /api/…", for assertion messages. */
  request: string;
  status: number;
  headers: Headers;
  text: string;
  /** The body's bytes (files). */
  bytes: Uint8Array;
  body: Json;
};

export type CallOptions = {
  json?: unknown;
  /** A raw body, sent as is (with `contentType`). */
  raw?: string | Uint8Array;
  contentType?: string;
  /** The Origin header; by default the server's own origin on unsafe methods, `null` to send none. */
  origin?: string | null;
  headers?: Record<string, string>;
};

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * One person's HTTP client: a tiny cookie jar (the session cookie only) or an API token, and the
 * Origin header a browser would send. Paths are relative to /api.
 */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    public session: string | undefined = undefined,
    readonly bearer: string | undefined = undefined,
  ) {}

  /** The Cookie header value this client sends, if it holds a session. */
  get cookie(): string | undefined {
    return this.session === undefined ? undefined : `atrium_session=${this.session}`;
  }

  /** Another client with the same session, whose cookie changes are its own. */
  copy(): ApiClient {
    return new ApiClient(this.baseUrl, this.session, this.bearer);
  }

  withToken(token: string): ApiClient {
    return new ApiClient(this.baseUrl, undefined, token);
  }

  async call(method: string, path: string, options: CallOptions = {}): Promise<ApiResponse> {
    const headers: Record<string, string> = {};
    const origin = options.origin === undefined ? (safeMethods.has(method) ? null : this.baseUrl) : options.origin;
    if (origin !== null) headers.origin = origin;
    if (this.cookie) headers.cookie = this.cookie;
    if (this.bearer) headers.authorization = `Bearer ${this.bearer}`;
    let body: string | Uint8Array | undefined;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] = 'application/json';
    } else if (options.raw !== undefined) {
      body = options.raw;
      if (options.contentType) headers['content-type'] = options.contentType;
    }
    Object.assign(headers, options.headers);
    const url = `${this.baseUrl}/api${path}`;
    const response = await fetch(url, { method, headers, body });
    this.keepCookie(response.headers);
    const bytes = new Uint8Array(await response.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    let parsed: Json = null;
    if (text && (response.headers.get('content-type') ?? '').includes('json')) parsed = JSON.parse(text);
    return {
      request: `${method} /api${path}`,
      status: response.status,
      headers: response.headers,
      text,
      bytes,
      body: parsed,
    };
  }

  get(path: string, options?: CallOptions): Promise<ApiResponse> {
    return this.call('GET', path, options);
  }

  post(path: string, json?: unknown, options: CallOptions = {}): Promise<ApiResponse> {
    return this.call('POST', path, json === undefined ? options : { ...options, json });
  }

  put(path: string, json?: unknown, options: CallOptions = {}): Promise<ApiResponse> {
    return this.call('PUT', path, json === undefined ? options : { ...options, json });
  }

  patch(path: string, json?: unknown, options: CallOptions = {}): Promise<ApiResponse> {
    return this.call('PATCH', path, json === undefined ? options : { ...options, json });
  }

  delete(path: string, options?: CallOptions): Promise<ApiResponse> {
    return this.call('DELETE', path, options);
  }

  private keepCookie(headers: Headers): void {
    for (const line of headers.getSetCookie()) {
      const match = /^atrium_session=([^;]*)/.exec(line);
      if (!match) continue;
      const expired = /max-age=0/i.test(line) || match[1] === '';
      this.session = expired ? undefined : match[1];
    }
  }
}

/** Asserts a status, showing the request and the body when it differs; returns the body. */
export function expectStatus(response: ApiResponse, status: number): Json {
  expect(response.status, `${response.request} → ${response.status} ${response.text}`).toBe(status);
  return response.body;
}

export type Person = { id: string; name: string; email: string; password: string; api: ApiClient };

export const defaultPassword = 'correct horse battery';

export async function signUp(
  server: { url: string },
  who: { name: string; email: string; password?: string },
): Promise<Person> {
  const api = new ApiClient(server.url);
  const password = who.password ?? defaultPassword;
  const user = expectStatus(await api.post('/auth/signup', { name: who.name, email: who.email, password }), 201);
  return { id: user.id, name: user.name, email: user.email, password, api };
}

/** A new session for the person (a second browser); the person's own client is untouched. */
export async function signInAgain(
  server: { url: string },
  person: { email: string; password: string },
): Promise<ApiClient> {
  const api = new ApiClient(server.url);
  expectStatus(await api.post('/auth/signin', { email: person.email, password: person.password }), 200);
  return api;
}

export type CreatedInvite = {
  id: string;
  token: string;
  url: string;
  role: string;
  projectId: string | null;
  createdAt: number;
  expiresAt: number;
  maxUses: number;
  uses: number;
  revokedAt: number | null;
};

export async function createInvite(
  admin: { api: ApiClient },
  workspaceId: string,
  input: { role: string; projectId?: string | null; maxUses?: number; expiresInHours?: number },
): Promise<CreatedInvite> {
  return expectStatus(await admin.api.post(`/workspaces/${workspaceId}/invites`, input), 201);
}

/** Someone new opens an invite link and joins with a name, email and password (and is signed in). */
export async function joinAsNewPerson(
  server: { url: string },
  token: string,
  who: { name: string; email: string; password?: string },
): Promise<Person> {
  const api = new ApiClient(server.url);
  const password = who.password ?? defaultPassword;
  const joined = expectStatus(
    await api.post(`/invites/${token}/accept`, { name: who.name, email: who.email, password }),
    200,
  );
  return { id: joined.user.id, name: joined.user.name, email: joined.user.email, password, api };
}

export const roles = ['owner', 'admin', 'member', 'collaborator', 'viewer', 'stranger', 'signedOut'] as const;
export type Role = (typeof roles)[number];

export type World = {
  server: ApiServer;
  workspace: { id: string; name: string };
  customerA: { id: string; name: string };
  customerB: { id: string; name: string };
  projectA: { id: string; name: string };
  projectB: { id: string; name: string };
  owner: Person;
  admin: Person;
  member: Person;
  /** Collaborator and viewer of project A (customer A's people). */
  collaborator: Person;
  viewer: Person;
  /** Collaborator of project B (customer B's person). */
  collaboratorB: Person;
  stranger: Person;
  signedOut: ApiClient;
  /** Every name and email of customer B's side contains it. */
  bMarker: RegExp;
};

/** The client a role acts through. */
export function clientOf(world: World, role: Role): ApiClient {
  return role === 'signedOut' ? world.signedOut : world[role].api;
}

export async function buildWorld(defer: Defer, server?: ApiServer): Promise<World> {
  const atrium = server ?? (await startApiServer(defer));
  const [owner, stranger] = await Promise.all([
    signUp(atrium, { name: 'Olive Owner', email: 'olive@orchard.example' }),
    signUp(atrium, { name: 'Stan Stranger', email: 'stan@elsewhere.example' }),
  ]);
  const workspace = expectStatus(await owner.api.post('/workspaces', { name: 'Orchard Studio' }), 201);
  const [customerA, customerB] = await Promise.all([
    owner.api.post(`/workspaces/${workspace.id}/customers`, { name: 'Acme Corp' }).then((r) => expectStatus(r, 201)),
    owner.api.post(`/workspaces/${workspace.id}/customers`, { name: 'Bluebird Ltd' }).then((r) => expectStatus(r, 201)),
  ]);
  const [projectA, projectB] = await Promise.all([
    owner.api
      .post(`/workspaces/${workspace.id}/projects`, { name: 'Acme website', customerId: customerA.id })
      .then((r) => expectStatus(r, 201)),
    owner.api
      .post(`/workspaces/${workspace.id}/projects`, { name: 'Bluebird rollout', customerId: customerB.id })
      .then((r) => expectStatus(r, 201)),
  ]);
  const invites = await Promise.all([
    createInvite(owner, workspace.id, { role: 'admin' }),
    createInvite(owner, workspace.id, { role: 'member' }),
    createInvite(owner, workspace.id, { role: 'collaborator', projectId: projectA.id }),
    createInvite(owner, workspace.id, { role: 'viewer', projectId: projectA.id }),
    createInvite(owner, workspace.id, { role: 'collaborator', projectId: projectB.id }),
  ]);
  const token = (index: number) => (invites[index] as CreatedInvite).token;
  const [admin, member, collaborator, viewer, collaboratorB] = await Promise.all([
    joinAsNewPerson(atrium, token(0), { name: 'Adam Admin', email: 'adam@orchard.example' }),
    joinAsNewPerson(atrium, token(1), { name: 'Mia Member', email: 'mia@orchard.example' }),
    joinAsNewPerson(atrium, token(2), { name: 'Cora Acme', email: 'cora@acme.example' }),
    joinAsNewPerson(atrium, token(3), { name: 'Victor Acme', email: 'victor@acme.example' }),
    joinAsNewPerson(atrium, token(4), { name: 'Bea Bluebird', email: 'bea@bluebird.example' }),
  ]);
  return {
    server: atrium,
    workspace: { id: workspace.id, name: workspace.name },
    customerA: { id: customerA.id, name: customerA.name },
    customerB: { id: customerB.id, name: customerB.name },
    projectA: { id: projectA.id, name: projectA.name },
    projectB: { id: projectB.id, name: projectB.name },
    owner,
    admin,
    member,
    collaborator,
    viewer,
    collaboratorB,
    stranger,
    signedOut: new ApiClient(atrium.url),
    bMarker: /bluebird/i,
  };
}

/** A fresh random id of the right shape, which names nothing. */
export function missingId(prefix: string): string {
  return newId(prefix);
}
