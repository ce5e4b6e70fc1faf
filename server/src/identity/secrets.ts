/**
 * Random identifiers and secrets. Ids are random (never sequential) so nobody can enumerate other
 * customers' objects; secrets (session, API and invite tokens) are stored only as SHA-256 hashes —
 * they are 256-bit random values, so a fast hash is enough and lookups stay indexed.
 */
import { createHash, randomBytes } from 'node:crypto';

export function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString('base64url')}`;
}

export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}
