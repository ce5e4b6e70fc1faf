/**
 * Schemas shared by several resources, and helpers to declare routes tersely. Every request body,
 * query and path parameter is validated by these zod schemas; the OpenAPI document is generated
 * from the same schemas.
 */
import { z } from '@hono/zod-openapi';

export const ErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string(), details: z.unknown().optional() }) })
  .openapi('Error');

export const UserSchema = z.object({ id: z.string(), email: z.string(), name: z.string() }).openapi('User');

export const email = z
  .email()
  .max(254)
  .transform((value) => value.trim().toLowerCase());
export const password = z.string().min(10, 'Use at least 10 characters.').max(200);
export const displayName = z.string().trim().min(1).max(100);
export const entityName = z.string().trim().min(1).max(200);
export const id = z.string().min(1).max(64);

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  content: { 'application/json': { schema } },
  description,
});

export const body = <T extends z.ZodType>(schema: T) => ({
  body: { content: { 'application/json': { schema } }, required: true },
});

/** The error responses every authenticated route can give. */
export const errors = {
  400: json(ErrorSchema, 'Invalid input'),
  401: json(ErrorSchema, 'Not signed in'),
  403: json(ErrorSchema, 'Not allowed'),
  404: json(ErrorSchema, 'Not found (or not visible to you)'),
};

export const noContent = { description: 'Done' };
