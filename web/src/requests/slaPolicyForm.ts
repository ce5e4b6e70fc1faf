/**
 * The SLA policy as the settings form edits it. The server validates the policy
 * (`server/src/requests/slaPolicy.ts`) and its sentences are shown as they are; here is only what
 * the form needs: the policy's shape, targets written as durations people type ("4h", "1d 2h",
 * "90m"), and the working days' names.
 */
import type { RequestPriority } from '@atrium/shared/model/requests.ts';

export type SlaTarget = { firstResponseMinutes: number | null; resolutionMinutes: number | null };

export type SlaPolicy = {
  timeZone: string;
  hours: 'calendar' | 'business';
  workingHours: { start: string; end: string };
  workingDays: number[];
  holidays: { country: string | null; region: string | null; dates: string[] };
  atRiskPercent: number;
  reopenDays: number;
  targets: Record<RequestPriority, SlaTarget>;
  typeTargets: Record<string, Partial<Record<RequestPriority, SlaTarget>>>;
};

export type PolicyAnswer = { policy: SlaPolicy; inherited: boolean };

export const weekdays = [
  { day: 1, name: 'Monday' },
  { day: 2, name: 'Tuesday' },
  { day: 3, name: 'Wednesday' },
  { day: 4, name: 'Thursday' },
  { day: 5, name: 'Friday' },
  { day: 6, name: 'Saturday' },
  { day: 7, name: 'Sunday' },
] as const;

const units: Record<string, number> = { d: 1440, h: 60, m: 1 };

/** Minutes as typed: "45m", "4h", "1h 30m", "2d 4h", a bare number of minutes; empty is no target. */
export function parseMinutes(text: string): number | null | 'invalid' {
  const trimmed = text.trim().toLowerCase();
  if (trimmed === '') return null;
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const parts = trimmed.match(/\d+(?:\.\d+)?\s*[dhm]/g);
  if (!parts || parts.join('').replace(/\s/g, '') !== trimmed.replace(/\s/g, '')) return 'invalid';
  let minutes = 0;
  for (const part of parts) {
    const unit = part.trim().slice(-1);
    minutes += Number.parseFloat(part) * (units[unit] ?? 0);
  }
  return Math.round(minutes);
}

/** The other way: 90 → "1h 30m", 1440 → "1d", null → "". */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return '';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  return [days && `${days}d`, hours && `${hours}h`, rest && `${rest}m`].filter(Boolean).join(' ') || '0m';
}

/** Extra holiday dates as typed (commas, spaces or lines between them), in order, each once. */
export function parseDates(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/).filter(Boolean))].sort();
}

/** The time zones this browser knows, for the form's suggestions (the server decides what is valid). */
export function knownTimeZones(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: 'timeZone') => string[] };
  const zones = intl.supportedValuesOf?.('timeZone') ?? [];
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}
