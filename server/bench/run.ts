/**
 * `npm run bench`: runs the same fan-out load and the same idle-memory measurement against each
 * server under test (Atrium, the reference y-websocket server, Hocuspocus), one server at a time
 * and a fresh server process per run, then prints a Markdown report and writes it to
 * bench/results/latest.md. Repeats rotate the server order so slow drifts on the machine do not
 * always hit the same server. Progress goes to stderr so stdout is just the report. Atrium runs
 * twice, on SQLite and — given a PostgreSQL server — on PostgreSQL.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FanoutMeasurement } from './fanoutRun.ts';
import { measureFanout } from './fanoutRun.ts';
import type { IdleLayout } from './load/ipc.ts';
import type { PreparedTarget } from './loadgenProcess.ts';
import type { IdleMeasurement } from './memoryRun.ts';
import { measureIdle } from './memoryRun.ts';
import { commandLine, parseOptions, usage } from './options.ts';
import { renderReport } from './report.ts';
import { dropBenchDatabases } from './servers/benchDatabase.ts';
import { killRunningServers } from './servers/launch.ts';
import { targets } from './servers/targets.ts';

const serverDir = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const options = (() => {
  try {
    return parseOptions(args, process.env);
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n\n${usage}`);
    process.exit(2);
  }
})();
if (options === 'help') {
  console.log(usage);
  process.exit(0);
}

const logDir = path.join(serverDir, 'bench', 'results', 'logs');
mkdirSync(logDir, { recursive: true });
const paths = { serverDir, logDir };
const progress = (text: string) => process.stderr.write(`[bench] ${text}\n`);
const startedAt = new Date();

const prepared: PreparedTarget[] = [];
/** Servers asked for but not run, with the reason, for the report. */
const skipped: string[] = [];

// Interrupted (Ctrl-C, timeout): leave no server running and no template directory or database
// behind. The load generator exits by itself when its IPC channel to us closes.
const cleanUp = async () => {
  killRunningServers();
  for (const p of prepared) if (p.template) rmSync(p.template, { recursive: true, force: true });
  const { databaseUrl } = options;
  if (databaseUrl) {
    await dropBenchDatabases(databaseUrl).catch((error: unknown) =>
      progress(`could not drop the bench's databases: ${error instanceof Error ? error.message : String(error)}`),
    );
  }
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    progress(`${signal}: stopping`);
    void cleanUp().finally(() => process.exit(130));
  });
}
for (const target of targets.filter((t) => options.servers.includes(t.id))) {
  if (target.needsPostgres && !options.databaseUrl) {
    const reason = 'no PostgreSQL server given (BENCH_DATABASE_URL or ATRIUM_TEST_DATABASE_URL)';
    progress(`${target.label}: skipped — ${reason}; run under \`node server/scripts/withPostgres.mjs\` to include it`);
    skipped.push(`${target.label}: not run, ${reason}`);
    continue;
  }
  try {
    prepared.push({ target, ...(await target.prepare(serverDir, options.databaseUrl)) });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    progress(`${target.label}: preparation failed, skipping it — ${reason}`);
    skipped.push(`${target.label}: not run, preparation failed — ${reason}`);
  }
}

/** A run during which other processes used more than this many cores is repeated (`--retries` times at most). */
const noisyCores = 0.25;

const fanout: FanoutMeasurement[] = [];
for (const scenario of options.scenarios) {
  for (let run = 0; run < options.repeat; run++) {
    const order = prepared.map((_, i) => prepared[(i + run) % prepared.length]).filter((p) => p !== undefined);
    for (const p of order) {
      progress(`${scenario.name} on ${p.target.label}, run ${run + 1}/${options.repeat} …`);
      let m = await measureFanout(p, scenario, options.timing, paths, options.seed + run);
      // Another process busy during the window distorts both latency and CPU: measure again.
      for (let retry = 1; retry <= options.retries && m.backgroundCores > noisyCores; retry++) {
        progress(
          `  other processes used ${m.backgroundCores.toFixed(2)} cores (${m.backgroundTop}) during the window; measuring again`,
        );
        m = { ...(await measureFanout(p, scenario, options.timing, paths, options.seed + run)), noisyRetries: retry };
      }
      const r = m.result;
      progress(
        m.error
          ? `  failed: ${m.error}`
          : `  p99 ${r?.latencyMs?.p99.toFixed(2)} ms, ${r?.delivered}/${r?.expected} delivered, other load ${m.backgroundCores.toFixed(2)} cores`,
      );
      fanout.push(m);
    }
  }
}

const idle: IdleMeasurement[] = [];
if (options.idleCount > 0) {
  const layouts: IdleLayout[] = ['sameDocument', 'distinctDocuments', 'oneSocketManyDocuments'];
  for (const p of prepared) {
    for (const layout of layouts) {
      progress(`memory, ${layout} × ${options.idleCount} on ${p.target.label} …`);
      const m = await measureIdle(p, layout, options.idleCount, paths);
      const rss = m.points.map((point) => point.rssMb.toFixed(1)).join(' → ');
      const slopes = `${m.kbPerItem.toFixed(2)} KB (RSS) / ${m.liveKbPerItem.toFixed(2)} KB (JS) per item`;
      progress(m.error ? `  ${m.error}` : `  RSS ${rss} MB; ${slopes}`);
      idle.push(m);
    }
  }
}

await cleanUp();

const command = commandLine(options);
const report = renderReport({
  command,
  startedAt,
  timing: options.timing,
  repeat: options.repeat,
  seed: options.seed,
  idleCount: options.idleCount,
  targets: prepared.map((p) => p.target),
  skipped,
  database: prepared.find((p) => p.database)?.database ?? null,
  fanout,
  idle,
});
process.stdout.write(report);
if (options.outFile) {
  const file = path.resolve(serverDir, options.outFile);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, report);
  progress(`report written to ${file}`);
}
