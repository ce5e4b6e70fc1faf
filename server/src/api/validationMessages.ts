/**
 * What a person reads when the API refuses input: zod's issues as sentences naming the field
 * ("Title can't be empty."), not validator text ("Too small: expected string to have >=1
 * characters"). Installed as zod's error map, so a schema's own message (`min(10, 'Use at least
 * 10 characters.')`) still wins; `apiApp.ts` joins the sentences into the 400's message.
 */
import { z } from '@hono/zod-openapi';

type Issue = z.core.$ZodRawIssue;

/** Field names whose plain-English label is not just the name split into words. */
const labels: Record<string, string> = {
  body: 'Details',
  dueDate: 'Due date',
  email: 'Email',
  expiresInHours: 'Expiry',
  maxUses: 'Number of uses',
  newPassword: 'New password',
  currentPassword: 'Current password',
  projectId: 'Project',
};

/** "dueDate" → "Due date"; the whole body (no path) → "The request". */
export function fieldLabel(path: readonly PropertyKey[]): string {
  const last = [...path].reverse().find((key) => typeof key === 'string');
  if (typeof last !== 'string') return 'The request';
  const known = labels[last];
  if (known) return known;
  const words = last
    .replace(/[_-]+/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const kinds: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
};

const plural = (n: number | bigint, word: string) => `${n} ${word}${Number(n) === 1 ? '' : 's'}`;
const unit = (origin: string | undefined) =>
  origin === 'string' ? 'character' : origin === 'array' || origin === 'set' ? 'item' : null;

/** One issue as a sentence. Returns a string for every issue, so zod's English never shows. */
export function humanIssue(issue: Issue): string {
  const label = fieldLabel(issue.path ?? []);
  switch (issue.code) {
    case 'invalid_type':
      if (issue.input === undefined) return `${label} is required.`;
      return `${label} must be ${kinds[issue.expected] ?? issue.expected}.`;
    case 'too_small': {
      const what = unit(issue.origin);
      if (what === 'character' && Number(issue.minimum) <= 1) return `${label} can't be empty.`;
      if (what) return `${label} must have at least ${plural(issue.minimum, what)}.`;
      return `${label} must be at least ${issue.minimum}.`;
    }
    case 'too_big': {
      const what = unit(issue.origin);
      if (what) return `${label} can have at most ${plural(issue.maximum, what)}.`;
      return `${label} must be at most ${issue.maximum}.`;
    }
    case 'invalid_format':
      if (issue.format === 'email') return 'Enter a valid email address.';
      if (issue.format === 'date') return `${label} must be a date (YYYY-MM-DD).`;
      return `${label} is not in the expected format.`;
    case 'invalid_value':
      return `${label} must be one of: ${issue.values.map(String).join(', ')}.`;
    case 'not_multiple_of':
      return `${label} must be a multiple of ${issue.divisor}.`;
    case 'unrecognized_keys':
      return `Unknown ${issue.keys.length === 1 ? 'field' : 'fields'}: ${issue.keys.join(', ')}.`;
    default:
      return `${label} is not valid.`;
  }
}

/** Makes every schema's default messages human (zod's global error map, below schema messages). */
export function installHumanValidationMessages(): void {
  z.config({ customError: humanIssue });
}
