/**
 * Imported first by main.tsx, before any module that defines a zod schema (shared/src/model): zod
 * decides at definition time whether to compile parsers with `new Function`, and its probe for that
 * is reported as a violation by the Content-Security-Policy the server sends (no 'unsafe-eval').
 * Jitless parsers are plain closures: the same results, no eval.
 */
import { z } from 'zod';

z.config({ jitless: true });
