/**
 * Configuration is read once from the environment; a wrong value must stop start-up with a message
 * that names the variable, never silently fall back to a default.
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

function configError(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`expected a ConfigError for ${JSON.stringify(env)}`);
}

describe('loadConfig', () => {
  it('uses the documented defaults for an empty environment', () => {
    expect(loadConfig({})).toMatchObject({
      port: 4000,
      host: '127.0.0.1',
      dataDir: path.resolve('./data'),
      logLevel: 'info',
      maxMessageBytes: 8 * 1024 * 1024,
      sqliteSync: 'normal',
      docEvictGraceMs: 30_000,
      compactAfterUpdates: 500,
      compactAfterBytes: 1024 * 1024,
    });
  });

  it('reads every variable and resolves DATA_DIR to an absolute path', () => {
    const config = loadConfig({
      PORT: '0',
      HOST: '0.0.0.0',
      DATA_DIR: 'var/atrium',
      LOG_LEVEL: 'silent',
      MAX_MESSAGE_BYTES: '4096',
      SQLITE_SYNC: 'full',
      DOC_EVICT_GRACE_MS: '0',
      COMPACT_AFTER_UPDATES: '1',
      COMPACT_AFTER_BYTES: '2048',
    });
    expect(config).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      dataDir: path.resolve('var/atrium'),
      logLevel: 'silent',
      maxMessageBytes: 4096,
      sqliteSync: 'full',
      docEvictGraceMs: 0,
      compactAfterUpdates: 1,
      compactAfterBytes: 2048,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', LOG_LEVEL: '' })).toMatchObject({ port: 4000, logLevel: 'info' });
  });

  it('ignores variables it does not know (the whole process environment is passed in)', () => {
    expect(loadConfig({ PATH: '/usr/bin', HOME: '/root' }).port).toBe(4000);
  });

  it.each([['abc'], ['70000'], ['-1'], ['80.5']])('refuses PORT=%s, naming PORT', (port) => {
    expect(configError({ PORT: port }).message).toMatch(/\bPORT\b/);
  });

  it('refuses an unknown LOG_LEVEL, naming LOG_LEVEL', () => {
    const error = configError({ LOG_LEVEL: 'verbose' });
    expect(error.name).toBe('ConfigError');
    expect(error.message).toMatch(/\bLOG_LEVEL\b/);
    expect(error.message).not.toMatch(/\bPORT\b/);
  });

  it('turns email on with SMTP_URL and MAIL_FROM together, and off without them', () => {
    expect(loadConfig({}).mail).toBeNull();
    expect(loadConfig({ SMTP_URL: 'smtp://u:p@mail.example:587', MAIL_FROM: 'Atrium <a@example.com>' }).mail).toEqual({
      smtpUrl: 'smtp://u:p@mail.example:587',
      from: 'Atrium <a@example.com>',
    });
    expect(configError({ SMTP_URL: 'http://mail.example' }).message).toMatch(/SMTP_URL: must be an smtp:\/\//);
    expect(configError({ SMTP_URL: 'smtp://mail.example' }).message).toMatch(/SMTP_URL and MAIL_FROM/);
    expect(configError({ MAIL_FROM: 'a@example.com' }).message).toMatch(/SMTP_URL and MAIL_FROM/);
  });

  it('names every bad variable at once', () => {
    const error = configError({ PORT: 'x', LOG_LEVEL: 'loud', SQLITE_SYNC: 'sometimes', MAX_MESSAGE_BYTES: '10' });
    for (const name of ['PORT', 'LOG_LEVEL', 'SQLITE_SYNC', 'MAX_MESSAGE_BYTES']) expect(error.message).toContain(name);
  });
});
