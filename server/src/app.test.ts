/**
 * The HTTP root: with the web app built, every page that is not the server's own (API, sync,
 * health, metrics) is the app shell, and its hashed assets are cached for good; without a build,
 * `/` says how to build it. Unknown server paths answer 404 in the API's error shape either way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningAtrium, startAtrium } from './atriumServer.ts';
import { loadConfig } from './config.ts';

const dirs: string[] = [];
const servers: RunningAtrium[] = [];

async function start(webDist: string): Promise<RunningAtrium> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-app-'));
  dirs.push(dataDir);
  const atrium = await startAtrium(
    loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent', WEB_DIST: webDist }),
  );
  servers.push(atrium);
  return atrium;
}

let built: RunningAtrium;
let unbuilt: RunningAtrium;

beforeAll(async () => {
  const dist = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-dist-'));
  dirs.push(dist);
  fs.mkdirSync(path.join(dist, 'assets'));
  fs.writeFileSync(path.join(dist, 'index.html'), '<!doctype html><title>Atrium app shell</title>');
  fs.writeFileSync(path.join(dist, 'assets', 'index-abc123.js'), 'console.log("app")');
  built = await start(dist);
  unbuilt = await start(path.join(dist, 'missing'));
});

afterAll(async () => {
  for (const server of servers) await server.close();
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('the HTTP root with the web app built', () => {
  it('serves the app shell at / and at every app route', async () => {
    for (const page of ['/', '/p/prj_1', '/p/prj_1/i/itm_2', '/join/some-token', '/signin']) {
      const response = await fetch(`${built.url}${page}`);
      expect(response.status, page).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/text\/html/);
      expect(await response.text()).toContain('Atrium app shell');
    }
  });

  it('serves hashed assets with a long cache lifetime', async () => {
    const response = await fetch(`${built.url}/assets/index-abc123.js`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toContain('immutable');
    expect(await response.text()).toContain('console.log');
  });

  it('keeps the server’s own paths: health, API, and 404s in the API error shape', async () => {
    expect((await fetch(`${built.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${built.url}/api/openapi.json`)).headers.get('content-type')).toMatch(/json/);
    for (const missing of ['/api/no/such/route', '/assets/missing.js', '/metrics/nope']) {
      const response = await fetch(`${built.url}${missing}`);
      expect(response.status, missing).toBe(404);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('not_found');
    }
  });
});

describe('security headers', () => {
  it('forbid framing the app and allow only its own scripts and connections', async () => {
    for (const page of ['/', '/p/prj_1', '/assets/index-abc123.js', '/api/me', '/healthz']) {
      const response = await fetch(`${built.url}${page}`);
      const policy = response.headers.get('content-security-policy') ?? '';
      expect(policy, page).toContain("frame-ancestors 'none'");
      expect(policy, page).toContain("script-src 'self';");
      expect(policy, page).toContain("connect-src 'self';");
      expect(policy, page).toContain("style-src 'self';");
      expect(policy, page).not.toContain('script-src-attr');
      expect(policy, page).toContain("object-src 'none'");
      expect(policy, page).not.toContain('unsafe-eval');
      expect(response.headers.get('x-frame-options'), page).toBe('DENY');
      expect(response.headers.get('x-content-type-options'), page).toBe('nosniff');
      // `no-referrer` would make browsers send `Origin: null` on the app's own POSTs (CSRF check).
      expect(response.headers.get('referrer-policy'), page).toBe('same-origin');
      // Plain HTTP here: HSTS is only sent when Atrium is served over HTTPS (COOKIE_SECURE).
      expect(response.headers.get('strict-transport-security'), page).toBeNull();
    }
  });
});

describe('the HTTP root without a build', () => {
  it('points a visitor to the API description, health and metrics, and says how to build the app', async () => {
    const index = (await (await fetch(`${unbuilt.url}/`)).json()) as Record<string, string>;
    expect(index.name).toBe('Atrium');
    expect(index.web).toContain('npm run build -w web');
    for (const link of [index.api, index.health, index.metrics]) {
      expect((await fetch(`${unbuilt.url}${link}`)).status).toBe(200);
    }
  });

  it('answers unknown paths with 404 in the API error shape', async () => {
    const response = await fetch(`${unbuilt.url}/no/such/page`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /no/such/page' } });
  });
});
