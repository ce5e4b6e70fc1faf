/**
 * The SLA policy of a workspace (or a project that overrides it): which targets a request gets per type
 * and priority, and in which time they are counted (calendar time, or business hours of a time zone with
 * working days and holidays). Validated here once, at the edge; the calendar and clock modules trust it.
 * Every refusal is a sentence naming the field, because workspace admins read these messages directly.
 */

import { type RequestPriority as Priority, requestPriorities } from '@atrium/shared/model/requests.ts';
import Holidays from 'date-holidays';
import { IANAZone } from 'luxon';
import { z } from 'zod';

// Defined here until '@atrium/shared/model/requests.ts' lands on main as the single source.
const PrioritySchema = z.enum(requestPriorities, { error: 'Priority must be low, normal, high or urgent.' });

const positiveMinutes = (max: number, what: string) =>
  z
    .number({ error: 'Targets must be positive numbers of minutes.' })
    .int({ error: 'Targets must be whole numbers of minutes.' })
    .positive({ error: 'Targets must be positive numbers of minutes.' })
    .max(max, { error: `${what} targets can be at most ${max.toLocaleString('en')} minutes.` })
    .nullable();

export const SlaTargetSchema = z.object({
  firstResponseMinutes: positiveMinutes(525_600, 'First-response'),
  resolutionMinutes: positiveMinutes(5_256_000, 'Resolution'),
});
export type SlaTarget = z.infer<typeof SlaTargetSchema>;

// 'HH:MM' in 24-hour time; '24:00' only makes sense as an end (a working day that runs to midnight).
const clockTime = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;

// date-holidays parses its whole rule set on construction: read the country list once, lazily.
let knownCountries: Record<string, string> | undefined;
const countries = () => {
  knownCountries ??= new Holidays().getCountries();
  return knownCountries;
};
const regionsOf = (country: string): Record<string, string> => new Holidays().getStates(country) ?? {};

const HolidaysSchema = z
  .object({
    country: z
      .string({ error: 'Holiday country must be a two-letter country code or empty.' })
      .length(2, { error: 'Holiday country must be a two-letter country code such as DE or US.' })
      .nullable(),
    region: z.string({ error: 'Holiday region must be a region code or empty.' }).min(1).nullable(),
    dates: z
      .array(z.iso.date({ error: 'Holiday dates must be dates like 2026-12-24.' }))
      .max(366, { error: 'At most 366 extra holiday dates can be listed.' }),
  })
  .superRefine((holidays, ctx) => {
    const { country, region } = holidays;
    if (country !== null && !(country in countries())) {
      ctx.addIssue({
        code: 'custom',
        path: ['country'],
        message: `Holiday country “${country}” is not a known country code.`,
      });
      return;
    }
    if (region === null) return;
    if (country === null) {
      ctx.addIssue({ code: 'custom', path: ['region'], message: 'A holiday region needs a holiday country.' });
    } else if (!(region in regionsOf(country))) {
      ctx.addIssue({
        code: 'custom',
        path: ['region'],
        message: `Holiday region “${region}” is not a known region of ${country}.`,
      });
    }
  });

export const SlaPolicySchema = z.object({
  timeZone: z.string({ error: 'Time zone must be a name such as Europe/Berlin.' }).superRefine((zone, ctx) => {
    if (!IANAZone.isValidZone(zone)) {
      ctx.addIssue({ code: 'custom', message: `Time zone “${zone}” is not a known time zone.` });
    }
  }),
  hours: z.enum(['calendar', 'business'], { error: 'Hours must be either calendar or business.' }),
  workingHours: z
    .object({
      start: z.string().regex(clockTime, { error: 'Working hours must start at a time like 09:00.' }),
      end: z.string().regex(clockTime, { error: 'Working hours must end at a time like 17:00.' }),
    })
    // Zero-padded HH:MM strings order like the times they name; a malformed time has its own message.
    .refine((hours) => !clockTime.test(hours.start) || !clockTime.test(hours.end) || hours.start < hours.end, {
      error: 'Working hours must end after they start.',
    }),
  workingDays: z
    .array(
      z
        .number()
        .int()
        .min(1, { error: 'Working days are weekdays from 1 (Monday) to 7 (Sunday).' })
        .max(7, { error: 'Working days are weekdays from 1 (Monday) to 7 (Sunday).' }),
    )
    .min(1, { error: 'Choose at least one working day.' })
    .refine((days) => new Set(days).size === days.length, { error: 'Working days must not list a day twice.' }),
  holidays: HolidaysSchema,
  atRiskPercent: z
    .number()
    .int({ error: 'The at-risk threshold must be a whole percentage.' })
    .min(1, { error: 'The at-risk threshold must be between 1 and 99 percent.' })
    .max(99, { error: 'The at-risk threshold must be between 1 and 99 percent.' })
    .default(80),
  reopenDays: z
    .number()
    .int({ error: 'The reopen window must be a whole number of days.' })
    .min(0, { error: 'The reopen window must be between 0 and 365 days.' })
    .max(365, { error: 'The reopen window must be between 0 and 365 days.' })
    .default(7),
  // A record keyed by the enum is exhaustive: every priority must have a target (null = no promise).
  targets: z.record(PrioritySchema, SlaTargetSchema, { error: 'Targets must name every priority.' }),
  typeTargets: z
    .record(
      z.string().min(1).max(40, { error: 'A request type key has at most 40 characters.' }),
      z.partialRecord(PrioritySchema, SlaTargetSchema),
    )
    .refine((targets) => Object.keys(targets).length <= 100, { error: 'At most 100 request types can have targets.' })
    .default({}),
});
export type SlaPolicy = z.infer<typeof SlaPolicySchema>;

export const defaultSlaPolicy: SlaPolicy = SlaPolicySchema.parse({
  timeZone: 'UTC',
  hours: 'business',
  workingHours: { start: '09:00', end: '17:00' },
  workingDays: [1, 2, 3, 4, 5],
  holidays: { country: null, region: null, dates: [] },
  atRiskPercent: 80,
  reopenDays: 7,
  targets: {
    urgent: { firstResponseMinutes: 60, resolutionMinutes: 480 },
    high: { firstResponseMinutes: 240, resolutionMinutes: 1440 },
    normal: { firstResponseMinutes: 480, resolutionMinutes: 2880 },
    low: { firstResponseMinutes: 1440, resolutionMinutes: 7200 },
  },
  typeTargets: {},
});

/** A type's own target for the priority when it has one, else the policy's default for that priority. */
export function targetFor(policy: SlaPolicy, typeKey: string, priority: Priority): SlaTarget {
  const target = policy.typeTargets[typeKey]?.[priority] ?? policy.targets[priority];
  return { firstResponseMinutes: target.firstResponseMinutes, resolutionMinutes: target.resolutionMinutes };
}
