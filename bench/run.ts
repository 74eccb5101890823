// The bench harness: runs every bench/*.bench.ts module's exported `run()` in alphabetical
// order of file name, prints one table and writes bench/results/latest.json. See bench/README.md.
//
//   npm run bench                  # every bench
//   npm run bench -- http          # benches whose file name starts with "http" …
//   npm run bench -- sm2           # … or only the results whose name starts with "sm2"
//
// Benchmarks are not tests: a result below its goal is printed (✗), never an exit code. The
// exit code is 1 only if a bench crashed (the others still run), 2 on a usage error or when no
// bench matches the filter.
//
// Importing this file has no side effects (bench modules import its types); main() runs only
// when it is the entry point.
import { realpathSync } from 'node:fs';
import { mkdir, readdir, rename, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { BenchModule, BenchResult, BenchResultRecord } from './bench.types.ts';

export type { BenchModule, BenchResult, BenchResultRecord } from './bench.types.ts';

export const BENCH_DIR = path.dirname(fileURLToPath(import.meta.url));
export const RESULTS_FILE = path.join(BENCH_DIR, 'results', 'latest.json');
const SUFFIX = '.bench.ts';

/** A bench that threw (on import, in run(), or returned malformed results). */
export type BenchFailure = { file: string; error: unknown };

export type RunSummary = {
  /** Bench files that were selected and run (or attempted). */
  ran: string[];
  results: BenchResult[];
  failures: BenchFailure[];
};

/** The `*.bench.ts` files of `dir`, in alphabetical (code point) order. */
export async function listBenchFiles(dir: string = BENCH_DIR): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith(SUFFIX))
    .map((e) => e.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** `http.bench.ts` → `http`. */
export function benchName(file: string): string {
  return path.basename(file).slice(0, -SUFFIX.length);
}

/** A file is selected by a filter equal to its file name or a prefix of its bench name (`http`, `gm`, `gm-crypto`). */
export function fileMatches(file: string, filters: readonly string[]): boolean {
  const base = path.basename(file);
  const name = benchName(file);
  return filters.some((f) => {
    const g = path.basename(f);
    return g === base || name.startsWith(g);
  });
}

/** A result is selected by a filter that is a prefix of its name (`sm2` → `sm2.sign`, `sm2.verify`). */
export function resultMatches(name: string, filters: readonly string[]): boolean {
  return filters.some((f) => name.startsWith(f));
}

/** Whether a module declaring `resultNames` can produce a result that a filter selects. */
export function namesCouldMatch(names: readonly string[], filters: readonly string[]): boolean {
  return names.some((n) => filters.some((f) => n.startsWith(f) || f.startsWith(n)));
}

function isFiniteNumber(x: unknown): x is number {
  return typeof x === 'number' && Number.isFinite(x);
}

/** Checks the shape of what a bench's run() returned; throws with the offending entry otherwise. */
export function validateResults(value: unknown): BenchResult[] {
  if (!Array.isArray(value))
    throw new Error(`run() must resolve to an array of results, got ${typeof value}`);
  return value.map((r: unknown, i) => {
    const o = (r ?? {}) as Record<string, unknown>;
    const problems: string[] = [];
    if (typeof o.name !== 'string' || o.name === '') problems.push(`name = ${String(o.name)}`);
    if (!isFiniteNumber(o.value)) problems.push(`value = ${String(o.value)}`);
    if (typeof o.unit !== 'string') problems.push(`unit = ${String(o.unit)}`);
    if (typeof o.baseline !== 'string') problems.push(`baseline = ${String(o.baseline)}`);
    if (!isFiniteNumber(o.baselineValue)) problems.push(`baselineValue = ${String(o.baselineValue)}`);
    if (!isFiniteNumber(o.ratio)) problems.push(`ratio = ${String(o.ratio)}`);
    if (o.goal !== undefined && o.goal !== null && !isFiniteNumber(o.goal))
      problems.push(`goal = ${String(o.goal)}`);
    if (problems.length > 0)
      throw new Error(
        `result #${i}${typeof o.name === 'string' ? ` (${o.name})` : ''} has an invalid ${problems.join(', ')}`,
      );
    const result: BenchResult = {
      name: o.name as string,
      value: o.value as number,
      unit: o.unit as string,
      baseline: o.baseline as string,
      baselineValue: o.baselineValue as number,
      ratio: o.ratio as number,
    };
    if (isFiniteNumber(o.goal)) result.goal = o.goal;
    return result;
  });
}

/** The latest.json entry of a result: fixed key order, `goal` null when there is none. */
export function toRecord(r: BenchResult): BenchResultRecord {
  return {
    name: r.name,
    value: r.value,
    unit: r.unit,
    baseline: r.baseline,
    baselineValue: r.baselineValue,
    ratio: r.ratio,
    goal: r.goal ?? null,
  };
}

/** `✓` when the ratio reaches the goal, `✗` when it does not, empty without a goal. */
export function verdict(r: BenchResult): string {
  if (r.goal === undefined) return '';
  return r.ratio >= r.goal ? '✓' : '✗';
}

function formatNumber(x: number): string {
  const a = Math.abs(x);
  if (a >= 100) return x.toFixed(0);
  if (a >= 1 || a === 0) return x.toFixed(2);
  return x.toPrecision(3);
}

/** The results table: name, value, unit, baseline, baselineValue, ratio, goal, ✓/✗. */
export function formatTable(results: readonly BenchResult[]): string {
  const head = ['name', 'value', 'unit', 'baseline', 'baselineValue', 'ratio', 'goal', '✓/✗'];
  const numeric = [false, true, false, false, true, true, true, false];
  const rows = results.map((r) => [
    r.name,
    formatNumber(r.value),
    r.unit,
    r.baseline,
    formatNumber(r.baselineValue),
    r.ratio.toFixed(2),
    r.goal === undefined ? '—' : String(r.goal),
    verdict(r),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const fmt = (cells: string[]): string =>
    cells
      .map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [
    fmt(head),
    widths
      .map((w) => '-'.repeat(w))
      .join('  ')
      .trimEnd(),
    ...rows.map(fmt),
  ].join('\n');
}

/** Writes `results` as latest.json (via a temporary file, so readers never see half a file). */
export async function writeResults(
  results: readonly BenchResult[],
  file: string = RESULTS_FILE,
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, `${JSON.stringify(results.map(toRecord), null, 2)}\n`);
  await rename(tmp, file);
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}

/** A bench that has not finished after this long (SUFU_BENCH_TIMEOUT_SECONDS, default 20 min) counts as crashed. */
function timeoutSeconds(): number {
  const v = Number(process.env.SUFU_BENCH_TIMEOUT_SECONDS);
  return Number.isFinite(v) && v > 0 ? v : 20 * 60;
}

async function withTimeout<T>(promise: Promise<T>, file: string): Promise<T> {
  const seconds = timeoutSeconds();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`${file} did not finish within ${seconds} s`)), seconds * 1000);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

let currentFile: string | undefined;
let strayErrors: BenchFailure[] = [];

/**
 * Imports and runs the selected benches one after another. A bench that throws is recorded in
 * `failures` and reported; the next bench still runs. With no filters every bench runs. A
 * filter that matches a file name selects that whole file; any other filter selects results
 * by name prefix, which means running the modules that may produce them (all of those that do
 * not declare `resultNames`) and keeping only the matching results.
 */
export async function runBenches(
  filters: readonly string[] = [],
  dir: string = BENCH_DIR,
): Promise<RunSummary> {
  const summary: RunSummary = { ran: [], results: [], failures: [] };
  const files = await listBenchFiles(dir);
  const fileFilters = filters.filter((f) => files.some((file) => fileMatches(file, [f])));
  const resultFilters = filters.filter((f) => !fileFilters.includes(f));
  for (const file of files) {
    const wholeFile = filters.length === 0 || fileMatches(file, fileFilters);
    if (!wholeFile && resultFilters.length === 0) continue;
    let mod: Partial<BenchModule>;
    try {
      mod = (await import(pathToFileURL(path.join(dir, file)).href)) as Partial<BenchModule>;
    } catch (error) {
      summary.ran.push(file);
      summary.failures.push({ file, error });
      console.error(`✗ ${file}: failed to import — continuing with the next bench\n${describe(error)}`);
      continue;
    }
    if (!wholeFile && mod.resultNames && !namesCouldMatch(mod.resultNames, resultFilters)) continue;

    summary.ran.push(file);
    const started = performance.now();
    console.error(`▶ ${file}`);
    currentFile = file;
    strayErrors = [];
    try {
      if (typeof mod.run !== 'function') throw new Error(`${file} does not export a run() function`);
      const results = validateResults(await withTimeout(mod.run(), file));
      const kept = wholeFile ? results : results.filter((r) => resultMatches(r.name, resultFilters));
      summary.results.push(...kept);
      const secs = ((performance.now() - started) / 1000).toFixed(1);
      console.error(
        `  ${file}: ${kept.length} result(s) in ${secs} s${kept.length < results.length ? ` (${results.length - kept.length} filtered out)` : ''}`,
      );
    } catch (error) {
      summary.failures.push({ file, error });
      console.error(
        `✗ ${file} crashed after ${((performance.now() - started) / 1000).toFixed(1)} s — continuing with the next bench\n${describe(error)}`,
      );
    } finally {
      currentFile = undefined;
      summary.failures.push(...strayErrors);
      strayErrors = [];
    }
  }
  return summary;
}

const USAGE = `usage: npm run bench [-- <filter>...]
  Runs bench/*.bench.ts in alphabetical order, prints a table and writes bench/results/latest.json.
  A filter selects a bench by file name (http, gm-crypto, http.bench.ts) or results by name prefix (sm2, http.route).
  Exit code: 0 when every selected bench ran (goals missed or not), 1 when a bench crashed, 2 on usage errors.`;

export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    console.log(USAGE);
    return 0;
  }
  const unknownFlag = argv.find((a) => a.startsWith('-'));
  if (unknownFlag) {
    console.error(`unknown option ${unknownFlag}\n${USAGE}`);
    return 2;
  }
  const filters = argv.filter((a) => a.trim() !== '');

  // A stray rejection or exception from a bench (a promise nobody awaited) is that bench's
  // crash; report it and carry on instead of letting it kill the whole run.
  const onStray = (error: unknown): void => {
    const file = currentFile ?? '(between benches)';
    strayErrors.push({ file, error });
    console.error(`✗ ${file}: uncaught error\n${describe(error)}`);
  };
  process.on('unhandledRejection', onStray);
  process.on('uncaughtException', onStray);

  const cpus = os.cpus();
  const load = os.loadavg()[0] ?? 0;
  console.log(
    `Sufu bench — node ${process.version}, ${process.platform}/${process.arch}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'cpu'}, load average ${load.toFixed(2)}, ${new Date().toISOString()}`,
  );
  if (filters.length > 0) console.log(`filter: ${filters.join(' ')}`);

  const summary = await runBenches(filters);
  if (summary.ran.length === 0) {
    console.error(
      `no bench matches ${filters.join(' ')}; benches: ${(await listBenchFiles()).map(benchName).join(', ') || 'none'}`,
    );
    return 2;
  }

  if (filters.length > 0 && summary.results.length === 0 && summary.failures.length === 0) {
    console.error(
      `no result matches ${filters.join(' ')} (ran ${summary.ran.join(', ')}); ${path.basename(RESULTS_FILE)} left unchanged`,
    );
    return 2;
  }

  console.log('');
  console.log(summary.results.length > 0 ? formatTable(summary.results) : '(no results)');
  console.log('');

  const missed = summary.results.filter((r) => r.goal !== undefined && r.ratio < r.goal);
  const withGoal = summary.results.filter((r) => r.goal !== undefined);
  if (withGoal.length > 0) {
    console.log(`${withGoal.length - missed.length}/${withGoal.length} goal(s) met.`);
  }
  if (missed.length > 0) {
    console.log(
      `✗ BELOW GOAL (reported, not a failure): ${missed.map((r) => `${r.name} ratio ${r.ratio.toFixed(2)} < goal ${r.goal}`).join('; ')}`,
    );
  }
  if (summary.failures.length > 0) {
    const firstLine = (e: unknown): string =>
      (e instanceof Error ? e.message : String(e)).split('\n')[0] ?? '';
    console.log(`✗ CRASHED: ${summary.failures.map((f) => `${f.file}: ${firstLine(f.error)}`).join('; ')}`);
  }

  await writeResults(summary.results);
  console.log(
    `wrote ${path.relative(process.cwd(), RESULTS_FILE) || RESULTS_FILE} (${summary.results.length} result(s))`,
  );

  process.off('unhandledRejection', onStray);
  process.off('uncaughtException', onStray);
  return summary.failures.length > 0 ? 1 : 0;
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main().then(
    // Exit explicitly: a crashed bench may have left a timer or socket open.
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(describe(error));
      process.exit(1);
    },
  );
}
