/**
 * Command-line and environment options of `npm run bench`. Flags win over environment variables
 * (BENCH_SERVERS, BENCH_SCENARIOS, BENCH_WARMUP, BENCH_MEASURE, BENCH_DRAIN, BENCH_IDLE, BENCH_REPEAT,
 * BENCH_SEED, BENCH_RETRIES),
 * which win over the defaults. The PostgreSQL server for "Atrium (PostgreSQL)" comes from
 * BENCH_DATABASE_URL, else ATRIUM_TEST_DATABASE_URL (set by server/scripts/withPostgres.mjs). `--quick` is a smoke run of a few seconds per server, for checking the
 * harness, not for numbers.
 */
import { parseArgs } from 'node:util';
import type { Scenario, Timing } from './fanoutRun.ts';
import type { ServerId } from './servers/targets.ts';

export type Options = {
  servers: ServerId[];
  scenarios: Scenario[];
  timing: Timing;
  idleCount: number;
  repeat: number;
  /** Extra attempts of a run during which other processes were busy. */
  retries: number;
  seed: number;
  outFile: string | null;
  quick: boolean;
  /** A PostgreSQL server (URL of any database on it) for the bench's databases, or null. */
  databaseUrl: string | null;
};

export const usage = `Usage: npm run bench -- [options]        (in server/)
       npm run bench -- -- [options]     (at the repository root: npm needs the second --)
  --quick               (or BENCH_QUICK=1) smoke run: small scenarios, 1 s warm-up, 3 s window, 200 idle sockets
  --servers=LIST        comma-separated: atrium,atrium-postgres,y-websocket,hocuspocus (default: these
                        four; atrium-postgres runs only with a PostgreSQL server, see below), and
                        atrium-open: Atrium with access checks off, to price them against atrium
  --scenarios=LIST      DxC@R,... documents x clients per document @ edits/s per document
                        (default: 20x10@20,100x20@10; "none" for memory only)
  --warmup=S            seconds of load before the window (default 5)
  --measure=S           seconds of measured window (default 20)
  --drain=S             longest wait for in-flight edits after the window (default 5)
  --idle=N              sockets/documents for the memory measurement, 0 to skip (default 1000)
  --repeat=N            runs per server and scenario, reported as medians (default 3)
  --retries=N           extra attempts of a run disturbed by other processes (default 2; 0 on a machine
                        that is busy all along, where waiting does not help — the report flags such runs)
  --seed=N              seed for choosing which client makes each edit (default 1)
  --out=FILE            report file (default bench/results/latest.md, with --quick
                        bench/results/quick.md; "-" for none)
Atrium on PostgreSQL (atrium-postgres) needs a PostgreSQL server it may create databases on:
  BENCH_DATABASE_URL=postgres://user:password@host:port/postgres, else ATRIUM_TEST_DATABASE_URL,
  which \`node server/scripts/withPostgres.mjs npm run bench\` sets to a throwaway local server.
  Each run gets a fresh database, dropped afterwards. Without either it is skipped with a note.`;

/** What a plain `npm run bench` compares; `atrium-open` only prices Atrium's checks, so it is opt-in. */
const defaultServers: ServerId[] = ['atrium', 'atrium-postgres', 'y-websocket', 'hocuspocus'];
const knownServers: ServerId[] = [...defaultServers, 'atrium-open'];

function parseScenarios(text: string): Scenario[] {
  if (text === 'none') return [];
  return text.split(',').map((item) => {
    const match = /^(\d+)x(\d+)@(\d+(?:\.\d+)?)$/.exec(item.trim());
    if (!match) throw new Error(`bad scenario "${item}", expected e.g. 20x10@20`);
    const [documents, clientsPerDocument, editsPerSecondPerDocument] = match.slice(1).map(Number) as [
      number,
      number,
      number,
    ];
    if (clientsPerDocument < 2) throw new Error(`scenario "${item}": need at least 2 clients per document`);
    return {
      name: `${documents}x${clientsPerDocument}@${editsPerSecondPerDocument}`,
      // Used in document and log file names, which allow no '@'.
      slug: `${documents}x${clientsPerDocument}r${editsPerSecondPerDocument}`,
      documents,
      clientsPerDocument,
      editsPerSecondPerDocument,
    };
  });
}

function parseServers(text: string): ServerId[] {
  const ids = text.split(',').map((s) => s.trim());
  for (const id of ids) if (!knownServers.includes(id as ServerId)) throw new Error(`unknown server "${id}"`);
  return ids as ServerId[];
}

function number(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined || text === '') return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a non-negative number, got "${text}"`);
  return value;
}

/**
 * `npm run bench --servers=atrium` (flags without the separating `--`) makes npm swallow the flags
 * as its own config and hand them to the script only as npm_config_<name> variables. Reading those
 * last means that common slip still does what was asked instead of silently running the full bench.
 */
function fromNpm(env: NodeJS.ProcessEnv, name: string): string | undefined {
  return env[`npm_config_${name}`];
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv): Options | 'help' {
  const { values } = parseArgs({
    args: argv,
    options: {
      quick: { type: 'boolean' },
      help: { type: 'boolean' },
      servers: { type: 'string' },
      scenarios: { type: 'string' },
      warmup: { type: 'string' },
      measure: { type: 'string' },
      drain: { type: 'string' },
      idle: { type: 'string' },
      repeat: { type: 'string' },
      retries: { type: 'string' },
      seed: { type: 'string' },
      out: { type: 'string' },
    },
  });
  if (values.help) return 'help';
  const quick = values.quick ?? (env.BENCH_QUICK === '1' || fromNpm(env, 'quick') === 'true');
  // A smoke run must not overwrite the report of the last real run.
  const out = values.out ?? fromNpm(env, 'out') ?? (quick ? 'bench/results/quick.md' : 'bench/results/latest.md');
  return {
    servers: parseServers(values.servers ?? env.BENCH_SERVERS ?? fromNpm(env, 'servers') ?? defaultServers.join(',')),
    scenarios: parseScenarios(
      values.scenarios ??
        env.BENCH_SCENARIOS ??
        fromNpm(env, 'scenarios') ??
        (quick ? '5x4@10,20x10@20' : '20x10@20,100x20@10'),
    ),
    timing: {
      warmupSeconds: number(values.warmup ?? env.BENCH_WARMUP ?? fromNpm(env, 'warmup'), quick ? 1 : 5, 'warmup'),
      measureSeconds: number(values.measure ?? env.BENCH_MEASURE ?? fromNpm(env, 'measure'), quick ? 3 : 20, 'measure'),
      drainSeconds: number(values.drain ?? env.BENCH_DRAIN ?? fromNpm(env, 'drain'), quick ? 3 : 5, 'drain'),
    },
    idleCount: number(values.idle ?? env.BENCH_IDLE ?? fromNpm(env, 'idle'), quick ? 200 : 1000, 'idle'),
    repeat: Math.max(
      1,
      Math.round(number(values.repeat ?? env.BENCH_REPEAT ?? fromNpm(env, 'repeat'), quick ? 1 : 3, 'repeat')),
    ),
    retries: Math.round(number(values.retries ?? env.BENCH_RETRIES ?? fromNpm(env, 'retries'), 2, 'retries')),
    seed: number(values.seed ?? env.BENCH_SEED ?? fromNpm(env, 'seed'), 1, 'seed'),
    outFile: out === '-' ? null : out,
    quick,
    databaseUrl: env.BENCH_DATABASE_URL || env.ATRIUM_TEST_DATABASE_URL || null,
  };
}

/**
 * The command that reproduces these options, for the report: flags for whatever differs from the
 * defaults, however it was given (flag, BENCH_* or npm config), so the printed command is exact.
 */
export function commandLine(options: Options): string {
  const defaults = parseOptions(options.quick ? ['--quick'] : [], {});
  if (defaults === 'help') return 'npm run bench';
  const flags: string[] = options.quick ? ['--quick'] : [];
  const differs = (name: string, value: string, fallback: string) => {
    if (value !== fallback) flags.push(`--${name}=${value}`);
  };
  differs('servers', options.servers.join(','), defaults.servers.join(','));
  const scenarios = (list: Options['scenarios']) => list.map((s) => s.name).join(',') || 'none';
  differs('scenarios', scenarios(options.scenarios), scenarios(defaults.scenarios));
  differs('warmup', String(options.timing.warmupSeconds), String(defaults.timing.warmupSeconds));
  differs('measure', String(options.timing.measureSeconds), String(defaults.timing.measureSeconds));
  differs('drain', String(options.timing.drainSeconds), String(defaults.timing.drainSeconds));
  differs('idle', String(options.idleCount), String(defaults.idleCount));
  differs('repeat', String(options.repeat), String(defaults.repeat));
  differs('retries', String(options.retries), String(defaults.retries));
  differs('seed', String(options.seed), String(defaults.seed));
  return flags.length > 0 ? `npm run bench -- ${flags.join(' ')}` : 'npm run bench';
}
