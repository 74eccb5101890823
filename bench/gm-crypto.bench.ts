// @sufu/gm-crypto throughput against the OpenSSL command line on the same machine.
// Each of our measurements is one JS thread (one core) for ~3 s; `openssl speed` runs
// without -multi, so it is one process on one core too.
//
//   npx tsx bench/gm-crypto.bench.ts            # prints a table
//   SUFU_GM_NATIVE=0 npx tsx bench/gm-crypto.bench.ts   # pure-TypeScript SM2 backend
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { generateSm2KeyPair, sm2Backend, sm2Sign, sm2Verify, sm3 } from '../packages/gm-crypto/src/index.ts';

export type BenchResult = {
  name: string;
  value: number;
  unit: string;
  baseline: string;
  baselineValue: number;
  ratio: number;
  goal?: number;
};

/** Options for {@link run}; `seconds` per measurement (default 3, or env SUFU_BENCH_SECONDS). */
export type GmBenchOptions = { seconds?: number };

/** Calls `op` in batches until `seconds` have passed (after a short warm-up); returns ops/s. */
function measure(op: () => void, seconds: number): number {
  const warmUntil = performance.now() + Math.min(300, seconds * 100);
  while (performance.now() < warmUntil) op();
  const start = performance.now();
  const end = start + seconds * 1000;
  let ops = 0;
  let now = start;
  while (now < end) {
    for (let i = 0; i < 8; i++) op();
    ops += 8;
    now = performance.now();
  }
  return ops / ((now - start) / 1000);
}

function runOpenssl(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolve(out)
        : reject(
            new Error(`openssl ${args.join(' ')} exited ${code}: ${err.trim().split('\n').pop() ?? ''}`),
          ),
    );
  });
}

/** `openssl speed sm2` → sign/s and verify/s from the " 256 bits SM2 (CurveSM2) … sign/s verify/s" row. */
export function parseSpeedSm2(output: string): { sign: number; verify: number } {
  const m = /SM2 \(CurveSM2\)\s+[\d.]+s\s+[\d.]+s\s+([\d.]+)\s+([\d.]+)/.exec(output);
  if (!m?.[1] || !m[2]) throw new Error(`cannot parse openssl speed sm2 output:\n${output}`);
  return { sign: Number(m[1]), verify: Number(m[2]) };
}

/**
 * `openssl speed -evp sm3` → MB/s (10^6 bytes/s) of the largest block-size column. The table
 * is in 1000s of bytes per second with a `k` suffix, e.g.
 *   type          16 bytes ... 16384 bytes
 *   sm3          75000.12k ... 236773.62k
 */
export function parseSpeedDigest(
  output: string,
  algorithm: string,
): { mbPerSecond: number; blockSize: number } {
  const lines = output.split('\n');
  const header = lines.find((l) => /^type\s/.test(l));
  const row = lines.find((l) => l.trim().toLowerCase().startsWith(`${algorithm.toLowerCase()} `));
  if (!header || !row) throw new Error(`cannot parse openssl speed ${algorithm} output:\n${output}`);
  const sizes = [...header.matchAll(/(\d+) bytes/g)].map((m) => Number(m[1]));
  const values = [...row.matchAll(/([\d.]+)k/g)].map((m) => Number(m[1]));
  if (sizes.length === 0 || sizes.length !== values.length)
    throw new Error(`openssl speed ${algorithm}: header/row mismatch:\n${output}`);
  let best = 0;
  for (let i = 1; i < sizes.length; i++) if ((sizes[i] ?? 0) > (sizes[best] ?? 0)) best = i;
  return { mbPerSecond: ((values[best] ?? 0) * 1000) / 1e6, blockSize: sizes[best] ?? 0 };
}

async function opensslSm3(
  seconds: number,
): Promise<{ mbPerSecond: number; blockSize: number; command: string }> {
  // Debian's OpenSSL 3.0 `speed` has no legacy "sm3" name ("Unknown algorithm sm3"), so go
  // through EVP. `-bytes 16384` measures only the largest default column (3 s, not 18 s).
  const attempts = [
    ['speed', '-seconds', String(seconds), '-bytes', '16384', '-evp', 'sm3'],
    ['speed', '-seconds', String(seconds), '-evp', 'sm3'],
    ['speed', '-seconds', String(seconds), 'sm3'],
  ];
  let lastError: unknown;
  for (const args of attempts) {
    try {
      return { ...parseSpeedDigest(await runOpenssl(args), 'sm3'), command: `openssl ${args.join(' ')}` };
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

const ratio = (value: number, baseline: number): number => (baseline > 0 ? value / baseline : 0);

/** Runs the gm-crypto benchmarks; see the file header. */
export async function run(options: GmBenchOptions = {}): Promise<BenchResult[]> {
  const seconds = options.seconds ?? (Number(process.env.SUFU_BENCH_SECONDS) || 3);
  const results: BenchResult[] = [];
  const backend = sm2Backend();

  // SM2: fixed key, ~100-byte message, default user ID; key objects reused so the backend's
  // per-key cache (EVP_PKEY or precomputed point tables) is warm, as in a long-running server.
  const { privateKey, publicKey } = generateSm2KeyPair();
  const message = new TextEncoder().encode(
    '苏服办 电子证照 320100-2026-000042 issued to 张三, valid 2026-01-01..2031-01-01 #',
  );
  const signature = sm2Sign(message, privateKey);
  if (!sm2Verify(message, signature, publicKey)) throw new Error('sm2 self-check failed');

  const verifyRate = measure(() => {
    if (!sm2Verify(message, signature, publicKey)) throw new Error('verify failed');
  }, seconds);
  const signRate = measure(() => {
    sm2Sign(message, privateKey);
  }, seconds);
  const speedSm2 = parseSpeedSm2(await runOpenssl(['speed', '-seconds', String(seconds), 'sm2']));
  const sm2Baseline = `openssl speed -seconds ${seconds} sm2 (1 core)`;
  const ours = `ours: ${backend} backend`;
  results.push({
    name: 'sm2.verify',
    value: verifyRate,
    unit: 'ops/s',
    baseline: `${sm2Baseline} verify/s; ${ours}`,
    baselineValue: speedSm2.verify,
    ratio: ratio(verifyRate, speedSm2.verify),
    goal: 0.7,
  });
  results.push({
    name: 'sm2.sign',
    value: signRate,
    unit: 'ops/s',
    baseline: `${sm2Baseline} sign/s; ${ours}`,
    baselineValue: speedSm2.sign,
    ratio: ratio(signRate, speedSm2.sign),
    goal: 0.5,
  });

  // SM3 over 1 MiB buffers (Node's built-in SM3).
  const buf = randomBytes(1024 * 1024);
  const hashRate = measure(() => {
    sm3(buf);
  }, seconds);
  const mbPerSecond = (hashRate * buf.length) / 1e6;
  const speedSm3 = await opensslSm3(seconds);
  results.push({
    name: 'sm3.hash',
    value: mbPerSecond,
    unit: 'MB/s',
    baseline: `${speedSm3.command} (${speedSm3.blockSize}-byte blocks, 1 core)`,
    baselineValue: speedSm3.mbPerSecond,
    ratio: ratio(mbPerSecond, speedSm3.mbPerSecond),
    goal: 0.7,
  });
  return results;
}

function printTable(results: BenchResult[]): void {
  const rows = results.map((r) => [
    r.name,
    `${r.value.toFixed(1)} ${r.unit}`,
    `${r.baselineValue.toFixed(1)}`,
    r.ratio.toFixed(2),
    r.goal === undefined ? '-' : `${r.goal}`,
    r.goal === undefined ? '' : r.ratio >= r.goal ? 'ok' : 'BELOW GOAL',
    r.baseline,
  ]);
  const head = ['name', 'value', 'baseline', 'ratio', 'goal', '', 'baseline source'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  console.log(fmt(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(fmt(r));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`gm-crypto bench — SM2 backend: ${sm2Backend()}, node ${process.version}`);
  run().then(printTable, (err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
