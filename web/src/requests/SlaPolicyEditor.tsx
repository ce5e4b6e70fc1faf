/**
 * The SLA policy form, for a workspace's policy and a project's override alike: calendar time or
 * business hours (time zone, working days and hours, holidays by country/region and extra dates),
 * first-response and resolution targets per priority — for every type, or for one type — the
 * at-risk threshold and the reopen window. The server validates; its message shows beside the form.
 */
import { priorityLabels, type RequestPriority, requestPriorities } from '@atrium/shared/model/requests.ts';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { FormError } from '../components/FormError.tsx';
import {
  formatMinutes,
  knownTimeZones,
  parseDates,
  parseMinutes,
  type SlaPolicy,
  type SlaTarget,
  weekdays,
} from './slaPolicyForm.ts';

const urgentFirst = [...requestPriorities].reverse();

type TargetText = { firstResponse: string; resolution: string };
/** '' holds the targets of every type; a type's key holds that type's own (empty: as every type). */
type TargetsDraft = Record<string, Record<RequestPriority, TargetText>>;

function targetsDraft(policy: SlaPolicy, typeKeys: string[]): TargetsDraft {
  const draft: TargetsDraft = {};
  for (const scope of ['', ...typeKeys]) {
    const own = scope === '' ? policy.targets : (policy.typeTargets[scope] ?? {});
    draft[scope] = Object.fromEntries(
      requestPriorities.map((priority) => {
        const target = own[priority];
        return [
          priority,
          {
            firstResponse: target ? formatMinutes(target.firstResponseMinutes) : '',
            resolution: target ? formatMinutes(target.resolutionMinutes) : '',
          },
        ];
      }),
    ) as Record<RequestPriority, TargetText>;
  }
  return draft;
}

class FormProblem extends Error {}

function minutesOf(text: string, what: string): number | null {
  const minutes = parseMinutes(text);
  if (minutes === 'invalid')
    throw new FormProblem(`${what}: “${text}” is not a duration; write it like 45m, 4h or 1d 2h.`);
  return minutes;
}

function targetsFrom(draft: TargetsDraft, types: Array<{ key: string; name: string }>) {
  const scopeTargets = (scope: string, name: string, fallback?: Record<RequestPriority, SlaTarget>) => {
    const result: Partial<Record<RequestPriority, SlaTarget>> = {};
    for (const priority of requestPriorities) {
      const text = draft[scope]?.[priority] ?? { firstResponse: '', resolution: '' };
      if (fallback && text.firstResponse.trim() === '' && text.resolution.trim() === '') continue;
      const label = `${name}, ${priorityLabels[priority].toLowerCase()} priority`;
      const firstResponse = minutesOf(text.firstResponse, `${label}, first response`);
      const resolution = minutesOf(text.resolution, `${label}, resolution`);
      result[priority] = {
        firstResponseMinutes: firstResponse ?? (fallback ? fallback[priority].firstResponseMinutes : null),
        resolutionMinutes: resolution ?? (fallback ? fallback[priority].resolutionMinutes : null),
      };
    }
    return result;
  };
  const targets = scopeTargets('', 'Every type') as Record<RequestPriority, SlaTarget>;
  const typeTargets: SlaPolicy['typeTargets'] = {};
  for (const type of types) {
    const own = scopeTargets(type.key, type.name, targets);
    if (Object.keys(own).length > 0) typeTargets[type.key] = own;
  }
  return { targets, typeTargets };
}

export function SlaPolicyEditor({
  policy,
  types,
  disabled,
  saveLabel,
  onSave,
}: {
  policy: SlaPolicy;
  types: Array<{ key: string; name: string }>;
  disabled: boolean;
  saveLabel: string;
  onSave: (policy: SlaPolicy) => Promise<void>;
}) {
  const id = useId();
  const [draft, setDraft] = useState(policy);
  const [targets, setTargets] = useState(() =>
    targetsDraft(
      policy,
      types.map((type) => type.key),
    ),
  );
  const [dates, setDates] = useState(policy.holidays.dates.join('\n'));
  const [scope, setScope] = useState('');
  const [error, setError] = useState<unknown>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const zones = useMemo(knownTimeZones, []);
  const edit = (change: Partial<SlaPolicy>) => {
    setDraft((current) => ({ ...current, ...change }));
    setSaved(false);
  };
  const editTarget = (priority: RequestPriority, field: keyof TargetText, value: string) => {
    setTargets(
      (current) =>
        ({
          ...current,
          [scope]: {
            ...(current[scope] as Record<RequestPriority, TargetText>),
            [priority]: { ...current[scope]?.[priority], [field]: value },
          },
        }) as TargetsDraft,
    );
    setSaved(false);
  };

  async function submit(event: FormEvent) {
    event.preventDefault();
    setError(null);
    setProblem(null);
    try {
      const built: SlaPolicy = {
        ...draft,
        holidays: { ...draft.holidays, dates: parseDates(dates) },
        ...targetsFrom(targets, types),
      };
      await onSave(built);
      setSaved(true);
    } catch (failure) {
      if (failure instanceof FormProblem) setProblem(failure.message);
      else setError(failure);
    }
  }

  const business = draft.hours === 'business';
  const defaults = targets[''];
  return (
    <form className="stack sla-policy" onSubmit={(event) => void submit(event)} aria-label="SLA policy">
      <fieldset className="stack" disabled={disabled}>
        <legend className="visually-hidden">How time is counted</legend>
        <div className="row wrap">
          <label className="inline-label">
            <input type="radio" name={`${id}-hours`} checked={!business} onChange={() => edit({ hours: 'calendar' })} />
            Calendar time (around the clock)
          </label>
          <label className="inline-label">
            <input type="radio" name={`${id}-hours`} checked={business} onChange={() => edit({ hours: 'business' })} />
            Business hours
          </label>
        </div>
        <div className="settings-grid">
          <label>
            Time zone
            <input
              list={`${id}-zones`}
              value={draft.timeZone}
              onChange={(event) => edit({ timeZone: event.target.value })}
              spellCheck={false}
            />
            <datalist id={`${id}-zones`}>
              {zones.map((zone) => (
                <option key={zone} value={zone} />
              ))}
            </datalist>
          </label>
          <label>
            Working day starts
            <input
              value={draft.workingHours.start}
              placeholder="09:00"
              disabled={!business}
              onChange={(event) => edit({ workingHours: { ...draft.workingHours, start: event.target.value } })}
            />
          </label>
          <label>
            Working day ends
            <input
              value={draft.workingHours.end}
              placeholder="17:00"
              disabled={!business}
              onChange={(event) => edit({ workingHours: { ...draft.workingHours, end: event.target.value } })}
            />
          </label>
        </div>
        <fieldset className="weekdays" disabled={!business}>
          <legend>Working days</legend>
          {weekdays.map(({ day, name }) => (
            <label key={day} className="inline-label">
              <input
                type="checkbox"
                checked={draft.workingDays.includes(day)}
                onChange={(event) =>
                  edit({
                    workingDays: event.target.checked
                      ? [...draft.workingDays, day].sort()
                      : draft.workingDays.filter((d) => d !== day),
                  })
                }
              />
              {name}
            </label>
          ))}
        </fieldset>
        <div className="settings-grid">
          <label>
            Public holidays of (country code)
            <input
              value={draft.holidays.country ?? ''}
              placeholder="e.g. DE"
              maxLength={2}
              disabled={!business}
              onChange={(event) =>
                edit({ holidays: { ...draft.holidays, country: event.target.value.toUpperCase() || null } })
              }
            />
          </label>
          <label>
            Region (optional)
            <input
              value={draft.holidays.region ?? ''}
              placeholder="e.g. BY"
              disabled={!business}
              onChange={(event) =>
                edit({ holidays: { ...draft.holidays, region: event.target.value.toUpperCase() || null } })
              }
            />
          </label>
          <label>
            Extra days off
            <textarea
              rows={2}
              value={dates}
              placeholder="2026-12-24, 2026-12-31"
              disabled={!business}
              onChange={(event) => {
                setDates(event.target.value);
                setSaved(false);
              }}
            />
          </label>
        </div>
        <div className="settings-grid">
          <label>
            At risk when this much of a target has passed (%)
            <input
              type="number"
              value={draft.atRiskPercent}
              onChange={(event) => edit({ atRiskPercent: event.target.valueAsNumber })}
            />
          </label>
          <label>
            Customers may reopen within (days)
            <input
              type="number"
              value={draft.reopenDays}
              onChange={(event) => edit({ reopenDays: event.target.valueAsNumber })}
            />
          </label>
        </div>
      </fieldset>
      <h3>Targets</h3>
      <p className="hint">
        Durations like 45m, 4h or 1d 2h ({business ? 'working time' : 'calendar time'}). Empty means no promise; a
        type’s own targets left empty follow every type’s.
      </p>
      <label className="sla-scope">
        Targets for
        <select value={scope} onChange={(event) => setScope(event.target.value)}>
          <option value="">Every type</option>
          {types.map((type) => (
            <option key={type.key} value={type.key}>
              {type.name} only
            </option>
          ))}
        </select>
      </label>
      <fieldset disabled={disabled}>
        <legend className="visually-hidden">Targets</legend>
        <table className="sla-targets">
          <thead>
            <tr>
              <th scope="col">Priority</th>
              <th scope="col">First response</th>
              <th scope="col">Resolution</th>
            </tr>
          </thead>
          <tbody>
            {urgentFirst.map((priority) => {
              const text = targets[scope]?.[priority] ?? { firstResponse: '', resolution: '' };
              const fallback = scope === '' ? undefined : defaults?.[priority];
              return (
                <tr key={priority}>
                  <th scope="row">{priorityLabels[priority]}</th>
                  <td>
                    <input
                      aria-label={`${priorityLabels[priority]} first response`}
                      value={text.firstResponse}
                      placeholder={fallback ? fallback.firstResponse || 'none' : 'none'}
                      onChange={(event) => editTarget(priority, 'firstResponse', event.target.value)}
                    />
                  </td>
                  <td>
                    <input
                      aria-label={`${priorityLabels[priority]} resolution`}
                      value={text.resolution}
                      placeholder={fallback ? fallback.resolution || 'none' : 'none'}
                      onChange={(event) => editTarget(priority, 'resolution', event.target.value)}
                    />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </fieldset>
      {problem && (
        <p className="form-error" role="alert">
          {problem}
        </p>
      )}
      <FormError error={error} />
      {!disabled && (
        <div className="row">
          <button type="submit">{saveLabel}</button>
          {saved && <span role="status">Saved — open requests’ clocks follow.</span>}
        </div>
      )}
    </form>
  );
}
