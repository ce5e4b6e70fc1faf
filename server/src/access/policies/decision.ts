/**
 * What a policy answers: allowed, or refused with the error the caller must get. Policies return
 * decisions and never throw, so the authorization matrix can read them as values; the routes and
 * loaders `enforce` them, and the edge (`errors.ts`) turns a refusal into its HTTP status.
 *
 * Outsiders are refused with `not_found` — the same answer as for something that does not exist,
 * so ids cannot be probed — and insiders who lack the role with `forbidden`.
 */
import { AppError } from '../../errors.ts';

export type Refusal = { ok: false; code: 'not_found' | 'forbidden' | 'conflict'; message: string };
export type Decision = { ok: true } | Refusal;

export const allowed: Decision = { ok: true };
export const notFound = (message: string): Refusal => ({ ok: false, code: 'not_found', message });
export const forbidden = (message: string): Refusal => ({ ok: false, code: 'forbidden', message });
export const conflict = (message: string): Refusal => ({ ok: false, code: 'conflict', message });

/** Throws a refusal as the domain error the edge translates; an allowed decision passes. */
export function enforce(decision: Decision): void {
  if (!decision.ok) throw new AppError(decision.code, decision.message);
}
