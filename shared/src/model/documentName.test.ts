/**
 * Document names are the unit of identity and access, so the validator must accept the names the
 * product uses and refuse anything that could be ambiguous, traverse paths or smuggle separators.
 */
import { describe, expect, it } from 'vitest';
import { isValidDocumentName, maxDocumentNameLength } from './documentName.ts';

describe('isValidDocumentName', () => {
  it.each([
    'project/p1/plan',
    'task/42',
    'task/42/internal',
    'a',
    'A-b_c',
    'with.dots/v1.2',
    'colon:separated',
    '_leading-underscore',
    '-leading-dash',
  ])('accepts %j', (name) => {
    expect(isValidDocumentName(name)).toBe(true);
  });

  it.each([
    ['the empty name', ''],
    ['a leading slash', '/task/1'],
    ['a trailing slash', 'task/1/'],
    ['an empty segment', 'task//1'],
    ['a parent segment', 'task/../secret'],
    ['a bare parent', '..'],
    ['a current-directory segment', 'task/./1'],
    ['a segment starting with a dot', 'task/.hidden'],
    ['a space', 'my task'],
    ['a backslash', 'task\\1'],
    ['a percent escape', 'task%2F1'],
    ['non-ASCII letters', 'tâche/1'],
    ['a query string', 'task/1?x=1'],
    ['a newline', 'task/1\n'],
    ['a NUL byte', 'task\u00001'],
  ])('refuses %s', (_, name) => {
    expect(isValidDocumentName(name)).toBe(false);
  });

  it(`accepts names up to ${maxDocumentNameLength} characters and refuses longer ones`, () => {
    expect(isValidDocumentName('a'.repeat(maxDocumentNameLength))).toBe(true);
    expect(isValidDocumentName('a'.repeat(maxDocumentNameLength + 1))).toBe(false);
  });
});
