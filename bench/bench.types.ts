// Types shared by the bench harness (bench/run.ts) and the bench modules (bench/*.bench.ts).
// Kept in a file of their own, with no runtime code, so that importing them never runs a bench.

/**
 * One measured number, always paired with a baseline measured in the same run on the same
 * machine. `ratio` is `value / baselineValue` when higher is better (throughput), and the
 * bench decides the direction; `goal` is the ratio the result should reach (none for
 * informative results).
 */
export type BenchResult = {
  /** Dotted name, e.g. `http.route`; `npm run bench -- <prefix>` selects by it. */
  name: string;
  value: number;
  unit: string;
  /** What the baseline is, in words (e.g. `node:http server, same JSON`). */
  baseline: string;
  baselineValue: number;
  ratio: number;
  goal?: number;
};

/** What the harness expects of a `bench/*.bench.ts` module. */
export type BenchModule = {
  run: () => Promise<BenchResult[]>;
  /**
   * Optional: the names of the results `run()` returns. When present, the harness skips the
   * module if a name filter can match none of them, instead of running it to find out.
   */
  resultNames?: readonly string[];
};

/** One entry of `bench/results/latest.json` (a JSON array of these). */
export type BenchResultRecord = {
  name: string;
  value: number;
  unit: string;
  baseline: string;
  baselineValue: number;
  ratio: number;
  goal: number | null;
};
