/**
 * The memory part of the report: per-connection and per-document costs derived from the idle runs
 * (slopes of RSS and of live JS memory), and the raw points behind them so a reader can judge the
 * noise. RSS is what the brief asks for; the JS figure is the steadier one.
 */

import { fixed } from './format.ts';
import type { IdleMeasurement } from './memoryRun.ts';
import type { ServerTarget } from './servers/targets.ts';

const layoutLabel = {
  sameDocument: 'N sockets, 1 document',
  distinctDocuments: 'N sockets, N documents',
  oneSocketManyDocuments: '1 socket, N documents',
} as const;

export function memoryTables(rows: IdleMeasurement[], targets: readonly ServerTarget[]): string[] {
  const ok = (m: IdleMeasurement | undefined) => (m && !m.error ? m : undefined);
  const pair = (rss: number, live: number) => `${fixed(rss, 1)} / ${fixed(live, 1)}`;
  const lines = [
    '| Server | Per connection KB (RSS / JS) | Per document KB, socket per document (RSS / JS) | Per document KB, one socket for all (RSS / JS) |',
    '|---|--:|--:|--:|',
  ];
  for (const target of targets) {
    const mine = rows.filter((m) => m.target.id === target.id);
    if (mine.length === 0) continue;
    const same = ok(mine.find((m) => m.layout === 'sameDocument'));
    const distinct = ok(mine.find((m) => m.layout === 'distinctDocuments'));
    const muxRow = mine.find((m) => m.layout === 'oneSocketManyDocuments');
    const mux = ok(muxRow);
    const nan = Number.NaN;
    lines.push(
      `| ${target.label} | ${pair(same?.kbPerItem ?? nan, same?.liveKbPerItem ?? nan)} | ` +
        `${pair((distinct?.kbPerItem ?? nan) - (same?.kbPerItem ?? nan), (distinct?.liveKbPerItem ?? nan) - (same?.liveKbPerItem ?? nan))} | ` +
        `${muxRow?.error ? 'n/a' : pair(mux?.kbPerItem ?? nan, mux?.liveKbPerItem ?? nan)} |`,
    );
  }
  lines.push(
    '',
    '| Server | Layout | N | RSS MB at 0, N/5, …, N | JS live MB at 0, N/5, …, N | Slope KB per item (RSS / JS) |',
    '|---|---|--:|---|---|--:|',
  );
  for (const m of rows) {
    const cells = m.error
      ? `— | — | ${m.error}`
      : `${m.points.map((p) => fixed(p.rssMb, 1)).join(' → ')} | ${m.points.map((p) => fixed(p.liveMb, 1)).join(' → ')} | ${pair(m.kbPerItem, m.liveKbPerItem)}`;
    lines.push(`| ${m.target.label} | ${layoutLabel[m.layout]} | ${m.count} | ${cells} |`);
  }
  return lines;
}
