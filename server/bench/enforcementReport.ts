/**
 * The "Enforcement cost" part of the report, when a run measured both `atrium` and `atrium-open`
 * (the same server with its access checks off): server CPU per 1k deliveries with the checks on and
 * off, scenario by scenario, and the checks' share against the budget of at most 15% more CPU.
 * Each run's figure is listed too, so the spread can be weighed against the difference.
 */
import type { FanoutMeasurement } from './fanoutRun.ts';
import { fixed } from './format.ts';
import { cpuPerThousand, median } from './stats.ts';

/** The most extra server CPU per delivered update the checks may cost. */
export const enforcementBudget = 0.15;

export function enforcementCost(rows: FanoutMeasurement[]): string[] {
  const scenarios = [...new Set(rows.map((m) => m.scenario.name))];
  const runsOf = (scenario: string, id: string) =>
    rows.filter((m) => m.scenario.name === scenario && m.target.id === id && m.result !== null);
  const compared = scenarios.filter((s) => runsOf(s, 'atrium').length > 0 && runsOf(s, 'atrium-open').length > 0);
  if (compared.length === 0) return [];
  const lines = [
    '',
    '## Enforcement cost: access checks on vs off',
    '',
    'The same load against Atrium as shipped (authentication at the upgrade, authorization per subscription, write rules per',
    'update) and against Atrium started with the open sync policy (`server/bench/servers/atriumOpenServer.ts`, bench only).',
    `Medians over the runs; "extra" = on / off − 1; budget: at most +${fixed(enforcementBudget * 100, 0)}%.`,
    '',
    '| Scenario | CPU s per 1k deliveries, checks on | checks off | Extra CPU with checks on | Budget | Each run, on | Each run, off | p99 ms on / off |',
    '|---|--:|--:|--:|---|--:|--:|--:|',
  ];
  for (const scenario of compared) {
    const on = runsOf(scenario, 'atrium');
    const off = runsOf(scenario, 'atrium-open');
    const cpuOn = median(on.map(cpuPerThousand));
    const cpuOff = median(off.map(cpuPerThousand));
    const extra = cpuOn / cpuOff - 1;
    const verdict = !Number.isFinite(extra) ? '—' : extra <= enforcementBudget ? 'within' : '**over**';
    const each = (runs: FanoutMeasurement[]) => runs.map((m) => fixed(cpuPerThousand(m), 4)).join(' / ');
    const p99 = (runs: FanoutMeasurement[]) =>
      fixed(median(runs.map((m) => m.result?.latencyMs?.p99 ?? Number.NaN)), 2);
    lines.push(
      `| ${scenario} | ${fixed(cpuOn, 4)} | ${fixed(cpuOff, 4)} | ${extra >= 0 ? '+' : ''}${fixed(extra * 100, 1)}% | ${verdict} | ` +
        `${each(on)} | ${each(off)} | ${p99(on)} / ${p99(off)} |`,
    );
  }
  return lines;
}
