import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningAtrium, startAtrium } from './atriumServer.ts';
import { loadConfig } from './config.ts';

let atrium: RunningAtrium;
let dataDir: string;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'atrium-app-'));
  atrium = await startAtrium(loadConfig({ PORT: '0', DATA_DIR: dataDir, LOG_LEVEL: 'silent' }));
});

afterAll(async () => {
  await atrium.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the HTTP root', () => {
  it('points a visitor to the API description, health and metrics, and each link answers', async () => {
    const index = (await (await fetch(`${atrium.url}/`)).json()) as Record<string, string>;
    expect(index.name).toBe('Atrium');
    for (const link of [index.api, index.health, index.metrics]) {
      expect((await fetch(`${atrium.url}${link}`)).status).toBe(200);
    }
  });

  it('answers unknown paths with 404 in the API error shape', async () => {
    const response = await fetch(`${atrium.url}/no/such/page`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'No route for GET /no/such/page' } });
  });
});
