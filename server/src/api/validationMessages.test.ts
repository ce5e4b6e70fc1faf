/**
 * Refused input is explained in sentences that name the field, for every kind of zod issue the
 * API's schemas raise; a schema's own message still wins; and the API answers with them.
 */
import { z } from '@hono/zod-openapi';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildWorld, cleanupAfterAll, expectStatus, type World } from '../../test/support/apiWorld.ts';
import { fieldLabel, installHumanValidationMessages } from './validationMessages.ts';

installHumanValidationMessages();

const messages = (schema: z.ZodType, input: unknown) => {
  const result = schema.safeParse(input);
  return result.success ? [] : result.error.issues.map((issue) => issue.message);
};

describe('validation messages', () => {
  it('say a blank field cannot be empty, and name the limit of a long one', () => {
    const title = z.object({ title: z.string().trim().min(1).max(200) });
    expect(messages(title, { title: '   ' })).toEqual(["Title can't be empty."]);
    expect(messages(title, { title: 'x'.repeat(720) })).toEqual(['Title can have at most 200 characters.']);
  });

  it('say which field is missing or of the wrong kind', () => {
    const schema = z.object({ name: z.string(), shared: z.boolean(), maxUses: z.number().int().min(1) });
    expect(messages(schema, { shared: 'yes', maxUses: 0 })).toEqual([
      'Name is required.',
      'Shared must be true or false.',
      'Number of uses must be at least 1.',
    ]);
  });

  it('explain emails, dates and choices in words', () => {
    const schema = z.object({ email: z.email(), dueDate: z.iso.date(), kind: z.enum(['task', 'document']) });
    expect(messages(schema, { email: 'nope', dueDate: '23/11', kind: 'cat' })).toEqual([
      'Enter a valid email address.',
      'Due date must be a date (YYYY-MM-DD).',
      'Kind must be one of: task, document.',
    ]);
  });

  it("keep a schema's own message", () => {
    expect(
      messages(z.object({ password: z.string().min(10, 'Use at least 10 characters.') }), { password: 'x' }),
    ).toEqual(['Use at least 10 characters.']);
  });

  it('label fields in plain words', () => {
    expect(fieldLabel(['newPassword'])).toBe('New password');
    expect(fieldLabel(['customerId'])).toBe('Customer id');
    expect(fieldLabel(['items', 0])).toBe('Items');
    expect(fieldLabel([])).toBe('The request');
  });
});

describe('the API', () => {
  const defer = cleanupAfterAll();
  let world: World;
  beforeAll(async () => {
    world = await buildWorld(defer);
  });

  it('answers a whitespace-only title with "Title can\'t be empty." and the field in the details', async () => {
    const response = await world.member.api.post(`/projects/${world.projectA.id}/items`, { title: '   ' });
    const body = expectStatus(response, 400);
    expect(body.error).toEqual({
      code: 'invalid',
      message: "Title can't be empty.",
      details: [{ path: 'title', message: "Title can't be empty." }],
    });
  });
});
