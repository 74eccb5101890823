// @sufu/gm-crypto throughput against the OpenSSL command line on the same machine.
// Each of our measurements is one JS thread (one core) for ~3 s; `openssl speed` runs
// without -multi, so it is one process on one core too. Both sides are rates per CPU-second
// (openssl speed's default divisor), interleaved in one-second slices, best slice kept.
//
//   npx tsx bench/gm-crypto.bench.ts            # prints a table
//   SUFU_GM_NATIVE=0 npx tsx bench/gm-crypto.bench.ts   # pure-TypeScript SM2 backend
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import type { BenchResult } from './bench.types.ts';
import { generateSm2KeyPair, sm2Backend, sm2Sign, sm2Verify, sm3 } from '@sufu/gm-crypto';

export type { BenchResult };

/** Lets `npm run bench -- sm2` skip this module cheaply when a filter matches none of these. */
export const resultNames = ['sm2.verify', 'sm2.sign', 'sm3.hash'] as const;

/** Options for {@link run}; `seconds` per measurement (default 3, or env SUFU_BENCH_SECONDS). */
export type GmBenchOptions = { seconds?: number };

/**
 * Calls `op` in batches for `seconds` of wall-clock time (after a short warm-up) and returns
 * ops per CPU-second of this process. `openssl speed` also runs for wall-clock seconds but
 * divides by its CPU user time, so on a shared, busy machine both sides report what one
 * core does while it is actually running them, and the ratio stays meaningful. (Our CPU time
 * includes V8's GC threads and system time, so this errs against us.)
 */
function measure(op: () => void, seconds: number): number {
  const warmUntil = performance.now() + 100;
  while (performance.now() < warmUntil) op();
  const cpu0 = process.cpuUsage();
  const end = performance.now() + seconds * 1000;
  let ops = 0;
  while (performance.now() < end) {
    for (let i = 0; i < 8; i++) op();
    ops += 8;
  }
  const cpu = process.cpuUsage(cpu0);
  return ops / Math.max((cpu.user + cpu.system) / 1e6, 1e-6);
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
  const seconds = Math.max(1, Math.round(options.seconds ?? (Number(process.env.SUFU_BENCH_SECONDS) || 3)));
  const backend = sm2Backend();

  // SM2: fixed key, ~100-byte message, default user ID; key objects reused so the backend's
  // per-key cache (EVP_PKEY or precomputed point tables) is warm, as in a long-running server.
  const { privateKey, publicKey } = generateSm2KeyPair();
  const message = new TextEncoder().encode(
    '苏服办 电子证照 320100-2026-000042 issued to 张三, valid 2026-01-01..2031-01-01 #',
  );
  const signature = sm2Sign(message, privateKey);
  if (!sm2Verify(message, signature, publicKey)) throw new Error('sm2 self-check failed');
  const buf = randomBytes(1024 * 1024); // SM3 over 1 MiB buffers (Node's built-in SM3)

  // The bench machine is shared, so ours and openssl's figures are taken in interleaved
  // one-second slices (`seconds` slices each, ~3 s in total), both per CPU-second (see
  // measure()), and each side keeps its best slice: load only ever slows a slice down.
  let verifyRate = 0;
  let signRate = 0;
  let hashRate = 0;
  let speedSm2 = { sign: 0, verify: 0 };
  let speedSm3 = { mbPerSecond: 0, blockSize: 0, command: '' };
  for (let slice = 0; slice < seconds; slice++) {
    verifyRate = Math.max(
      verifyRate,
      measure(() => {
        if (!sm2Verify(message, signature, publicKey)) throw new Error('verify failed');
      }, 1),
    );
    signRate = Math.max(
      signRate,
      measure(() => {
        sm2Sign(message, privateKey);
      }, 1),
    );
    const sm2 = parseSpeedSm2(await runOpenssl(['speed', '-seconds', '1', 'sm2']));
    speedSm2 = { sign: Math.max(speedSm2.sign, sm2.sign), verify: Math.max(speedSm2.verify, sm2.verify) };
    hashRate = Math.max(
      hashRate,
      measure(() => {
        sm3(buf);
      }, 1),
    );
    const s3 = await opensslSm3(1);
    if (s3.mbPerSecond > speedSm3.mbPerSecond) speedSm3 = s3;
  }
  const mbPerSecond = (hashRate * buf.length) / 1e6;
  const how = `per CPU-second, best of ${seconds} interleaved 1-s slices, 1 core`;
  return [
    {
      name: 'sm2.verify',
      value: verifyRate,
      unit: 'ops/s',
      baseline: `openssl speed -seconds 1 sm2 verify/s (${how}); ours: ${backend} backend`,
      baselineValue: speedSm2.verify,
      ratio: ratio(verifyRate, speedSm2.verify),
      goal: 0.7,
    },
    {
      name: 'sm2.sign',
      value: signRate,
      unit: 'ops/s',
      baseline: `openssl speed -seconds 1 sm2 sign/s (${how}); ours: ${backend} backend`,
      baselineValue: speedSm2.sign,
      ratio: ratio(signRate, speedSm2.sign),
      goal: 0.5,
    },
    {
      name: 'sm3.hash',
      value: mbPerSecond,
      unit: 'MB/s',
      baseline: `${speedSm3.command} (${speedSm3.blockSize}-byte column; ${how})`,
      baselineValue: speedSm3.mbPerSecond,
      ratio: ratio(mbPerSecond, speedSm3.mbPerSecond),
      goal: 0.7,
    },
  ];
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
