// 苏服码 (service code) verification and issuance through the platform's HTTP API.
//
// The platform (bootPlatform from @sufu/server: migrations, demo seed, every module) runs in a
// child process — this file started with `serve` — on a temporary PGlite data folder, or on a
// fresh database created next to DATABASE_URL when that is set; autocannon runs in the harness
// process on 127.0.0.1, so load generator and server never share an event loop.
//
//   service-code.verify      POST /api/v1/service-code/verify with pre-issued codes, as a gate
//                            (clerk.xuanwu's session + the 大厅入口闸机 device: the gate profile, a
//                            non-consuming scan, so codes are reused; every scan still writes its
//                            scan-log row and audit entry). Baseline: `openssl speed -seconds 3 sm2`
//                            verify/s × os.availableParallelism(), measured in the same run,
//                            interleaved with the load rounds. Goal 0.5.
//   service-code.verify.p99  p99 latency (ms) of the same requests at a fixed rate of 50 % of the
//                            measured throughput (autocannon overallRate), against a 10 ms budget:
//                            ratio = 10 / p99, goal 1.
//   service-code.issue       POST /api/v1/service-code/me (the resident's code with its SVG, as the
//                            portal asks for it), codes/s. Baseline: gm-crypto sm2Sign/s on one
//                            core in the harness, interleaved. Informative (no goal).
//
// Codes are re-issued before every verify round (they live 60 s). Any non-2xx response fails
// the bench. Environment: SUFU_BENCH_SECONDS (5), SUFU_BENCH_ROUNDS (3), SUFU_BENCH_CONNECTIONS
// (50), DATABASE_URL (PostgreSQL instead of PGlite; needs the right to CREATE DATABASE),
// SUFU_BENCH_P99_RATE (fixed rate of the p99 measurement instead of half the throughput).
//
//   npx tsx bench/run.ts service-code
import { fork, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { generateSm2KeyPair, sm2Sign } from '@sufu/gm-crypto';
import type { BenchResult } from './bench.types.ts';
import { parseSpeedSm2 } from './gm-crypto.bench.ts';

type AutocannonRequest = {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: string;
  setupRequest?: (req: AutocannonRequest) => AutocannonRequest;
};
type AutocannonOptions = {
  url: string;
  connections: number;
  duration: number;
  pipelining: number;
  timeout: number;
  overallRate?: number;
  requests: AutocannonRequest[];
};
type AutocannonResult = {
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { p50: number; p99: number };
};
const autocannon = createRequire(import.meta.url)('autocannon') as (
  opts: AutocannonOptions,
) => Promise<AutocannonResult>;

export const resultNames = ['service-code.verify', 'service-code.verify.p99', 'service-code.issue'] as const;

const GOAL_VERIFY = 0.5;
const P99_BUDGET_MS = 10;
const CODES = 256;
const SELF = fileURLToPath(import.meta.url);

type Session = { cookie: string; csrf: string };
type ReadyMessage = {
  type: 'ready';
  port: number;
  clerk: Session;
  resident: Session;
  gateId: string;
  database: string;
};
type ChildMessage =
  ReadyMessage | { type: 'codes'; codes: string[] } | { type: 'cpu'; user: number; system: number };
type ParentMessage = { type: 'codes' } | { type: 'cpu' };

// ---------------------------------------------------------------------------------------
// The server (child process).

async function serve(): Promise<void> {
  const [{ bootPlatform }, kernel, identity, pg] = await Promise.all([
    import('@sufu/server'),
    import('@sufu/kernel'),
    import('@sufu/identity'),
    import('pg'),
  ]);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sufu-bench-sc-'));
  let databaseUrl: string | undefined;
  let dropDatabase: (() => Promise<void>) | undefined;
  if (process.env.DATABASE_URL) {
    const name = `sufu_bench_sc_${process.pid}`;
    const admin = new pg.default.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`drop database if exists ${name}`);
    await admin.query(`create database ${name}`);
    await admin.end();
    const url = new URL(process.env.DATABASE_URL);
    url.pathname = `/${name}`;
    databaseUrl = url.toString();
    dropDatabase = async () => {
      const a = new pg.default.Client({ connectionString: process.env.DATABASE_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`).catch(() => undefined);
      await a.end();
    };
  }
  const config = kernel.loadConfig({
    SUFU_DATA_DIR: dataDir,
    SUFU_LOG_LEVEL: 'silent',
    SUFU_SECRET_KEY: '22'.repeat(32),
    SUFU_RATE_LIMIT_PER_MINUTE: '1000000000',
    SUFU_COOKIE_SECURE: 'false',
    SUFU_WORKER: 'off',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  });
  const platform = await bootPlatform({
    config,
    logger: kernel.createLogger({ level: 'silent' }),
    startWorker: false,
    demoSize: { persons: 60, organisations: 10 },
    webDist: '/nonexistent',
  });
  const app = platform.app;

  async function login(username: string): Promise<Session & { accountId: string }> {
    const first = await app.inject({ method: 'GET', url: '/api/v1/session' });
    const csrf = first.cookies.find((c) => c.name === 'sufu_csrf')?.value ?? '';
    const post = (url: string, payload: Record<string, unknown>, sid?: string) =>
      app.inject({
        method: 'POST',
        url,
        cookies: { sufu_csrf: csrf, ...(sid ? { sufu_sid: sid } : {}) },
        headers: { 'x-csrf-token': csrf },
        payload,
      });
    let r = await post('/api/v1/session/login', { username, password: identity.DEMO_PASSWORD });
    let sid = r.cookies.find((c) => c.name === 'sufu_sid')?.value;
    if ((r.json() as { status: string }).status === 'totp_required') {
      r = await post(
        '/api/v1/session/totp',
        { code: identity.totpCode(identity.demoTotpSecret(username), Date.now()) },
        sid,
      );
      sid = r.cookies.find((c) => c.name === 'sufu_sid')?.value;
    }
    const body = r.json() as { status: string; session?: { account: { id: string } } };
    if (r.statusCode !== 200 || body.status !== 'authenticated' || !sid || !body.session)
      throw new Error(`login ${username}: ${r.statusCode} ${r.body}`);
    return { cookie: `sufu_csrf=${csrf}; sufu_sid=${sid}`, csrf, accountId: body.session.account.id };
  }

  const clerk = await login('clerk.xuanwu');
  const resident = await login('13951000001');
  const holder = await platform.modules.identity.api.holderOfAccount(resident.accountId);
  if (!holder) throw new Error('demo resident has no holder record');
  const gate = (await platform.modules.serviceCode.scanners.list({ profile: 'gate' }))[0];
  if (!gate) throw new Error('no demo gate scanner');
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const send = process.send?.bind(process);
  if (!send) throw new Error('run the server through the bench (it needs an IPC channel)');
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), 5000).unref();
    void platform
      .close()
      .then(() => dropDatabase?.())
      .finally(() => {
        fs.rmSync(dataDir, { recursive: true, force: true });
        process.exit(0);
      });
  };
  process.on('message', (raw: unknown) => {
    const msg = raw as ParentMessage;
    if (msg.type === 'cpu') {
      const { user, system } = process.cpuUsage();
      send({ type: 'cpu', user, system } satisfies ChildMessage);
    } else if (msg.type === 'codes') {
      void Promise.all(
        Array.from({ length: CODES }, () => platform.modules.serviceCode.api.issueFor(holder)),
      ).then((issued) => send({ type: 'codes', codes: issued.map((c) => c.code) } satisfies ChildMessage));
    }
  });
  process.once('disconnect', stop);
  process.once('SIGTERM', stop);
  send({
    type: 'ready',
    port,
    clerk: { cookie: clerk.cookie, csrf: clerk.csrf },
    resident: { cookie: resident.cookie, csrf: resident.csrf },
    gateId: gate.id,
    database: platform.database.kind,
  } satisfies ChildMessage);
}

// ---------------------------------------------------------------------------------------
// The harness.

type Server = {
  ready: ReadyMessage;
  url: string;
  codes(): Promise<string[]>;
  cpuMicros(): Promise<number>;
  close(): Promise<void>;
};

function log(line: string): void {
  process.stderr.write(`  [service-code] ${line}\n`);
}

function envNumber(name: string): number | undefined {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

function tsxLoader(): string {
  try {
    return import.meta.resolve('tsx');
  } catch {
    return 'tsx';
  }
}

function startServer(): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(SELF, ['serve'], {
      execArgv: ['--import', tsxLoader()],
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
      env: process.env,
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    const exited = new Promise<void>((res) => child.once('exit', () => res()));
    const waiting: { codes: ((c: string[]) => void)[]; cpu: ((n: number) => void)[] } = {
      codes: [],
      cpu: [],
    };
    const close = async (): Promise<void> => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.disconnect();
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    };
    const timeout = setTimeout(() => {
      void close();
      reject(new Error(`platform did not start within 180 s\n${stderr}`));
    }, 180_000);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timeout);
      reject(new Error(`platform exited (${signal ?? code})\n${stderr}`));
    });
    const ask = <T>(type: ParentMessage['type'], queue: ((v: T) => void)[]) =>
      new Promise<T>((res, rej) => {
        if (!child.connected) return rej(new Error(`platform is gone\n${stderr}`));
        queue.push(res);
        child.send({ type } satisfies ParentMessage);
      });
    child.on('message', (raw: unknown) => {
      const msg = raw as ChildMessage;
      if (msg.type === 'codes') waiting.codes.shift()?.(msg.codes);
      else if (msg.type === 'cpu') waiting.cpu.shift()?.(msg.user + msg.system);
      else if (msg.type === 'ready') {
        clearTimeout(timeout);
        resolve({
          ready: msg,
          url: `http://127.0.0.1:${msg.port}`,
          codes: () => ask<string[]>('codes', waiting.codes),
          cpuMicros: () => ask<number>('cpu', waiting.cpu),
          close,
        });
      }
    });
  });
}

function runOpenssl(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`openssl ${args.join(' ')} exited ${code}`)),
    );
  });
}

type Sample = { rps: number; p99: number; serverCpu: number };

async function load(
  server: Server,
  requests: AutocannonRequest[],
  seconds: number,
  connections: number,
  overallRate?: number,
): Promise<Sample> {
  const cpu0 = await server.cpuMicros();
  const t0 = performance.now();
  const r = await autocannon({
    url: server.url,
    connections,
    duration: seconds,
    pipelining: 1,
    timeout: 10,
    ...(overallRate ? { overallRate } : {}),
    requests,
  });
  const wall = (performance.now() - t0) * 1000;
  const cpu1 = await server.cpuMicros();
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0 || r['2xx'] === 0) {
    const codes = Object.entries(r.statusCodeStats)
      .map(([code, { count }]) => `${code}×${count}`)
      .join(', ');
    throw new Error(
      `${r['2xx']} 2xx, ${r.non2xx} non-2xx (${codes}), ${r.errors} errors, ${r.timeouts} timeouts`,
    );
  }
  return { rps: r['2xx'] / r.duration, p99: r.latency.p99, serverCpu: (cpu1 - cpu0) / wall };
}

function verifyRequests(server: Server, codes: string[]): AutocannonRequest[] {
  const { clerk, gateId } = server.ready;
  let i = 0;
  const base: AutocannonRequest = {
    method: 'POST',
    path: '/api/v1/service-code/verify',
    headers: { 'content-type': 'application/json', cookie: clerk.cookie, 'x-csrf-token': clerk.csrf },
  };
  return [
    {
      ...base,
      setupRequest: (req) => ({
        ...req,
        body: JSON.stringify({ code: codes[i++ % codes.length], purpose: '大厅入口通行', deviceId: gateId }),
      }),
    },
  ];
}

function issueRequests(server: Server): AutocannonRequest[] {
  const { resident } = server.ready;
  return [
    {
      method: 'POST',
      path: '/api/v1/service-code/me',
      headers: { 'content-type': 'application/json', cookie: resident.cookie, 'x-csrf-token': resident.csrf },
      body: '{}',
    },
  ];
}

/** gm-crypto sm2Sign per CPU-second of this (harness) process, one core, for `seconds`. */
function signRate(seconds: number): number {
  const { privateKey } = generateSm2KeyPair();
  const msg = new Uint8Array(46);
  for (let i = 0; i < 20; i++) sm2Sign(msg, privateKey, { encoding: 'raw' });
  const cpu0 = process.cpuUsage();
  const end = performance.now() + seconds * 1000;
  let n = 0;
  while (performance.now() < end) {
    for (let i = 0; i < 8; i++) sm2Sign(msg, privateKey, { encoding: 'raw' });
    n += 8;
  }
  const cpu = process.cpuUsage(cpu0);
  return n / Math.max((cpu.user + cpu.system) / 1e6, 1e-6);
}

/** Runs the service-code benchmarks; see the file header. */
export async function run(): Promise<BenchResult[]> {
  const seconds = envNumber('SUFU_BENCH_SECONDS') ?? 5;
  const rounds = Math.max(1, Math.round(envNumber('SUFU_BENCH_ROUNDS') ?? 3));
  const connections = Math.max(1, Math.round(envNumber('SUFU_BENCH_CONNECTIONS') ?? 50));
  const cores = os.availableParallelism();
  const server = await startServer();
  try {
    const check = await fetch(`${server.url}/api/v1/service-code/verify`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: server.ready.clerk.cookie,
        'x-csrf-token': server.ready.clerk.csrf,
      },
      body: JSON.stringify({
        code: (await server.codes())[0],
        purpose: 'bench check',
        deviceId: server.ready.gateId,
      }),
    });
    const checked = (await check.json()) as { profile?: string; nameMasked?: string };
    if (check.status !== 200 || checked.profile !== 'gate' || !checked.nameMasked)
      throw new Error(`verify check answered ${check.status} ${JSON.stringify(checked)}`);
    log(
      `platform on ${server.ready.database}; ${connections} connections, ${seconds} s × ${rounds} rounds, ${cores} cores`,
    );
    await load(server, verifyRequests(server, await server.codes()), 2, connections);

    const verify: Sample[] = [];
    const openssl: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const measureOpenssl = async () => {
        openssl.push(parseSpeedSm2(await runOpenssl(['speed', '-seconds', '3', 'sm2'])).verify);
      };
      const measureVerify = async () => {
        verify.push(await load(server, verifyRequests(server, await server.codes()), seconds, connections));
      };
      if (round % 2 === 0) {
        await measureOpenssl();
        await measureVerify();
      } else {
        await measureVerify();
        await measureOpenssl();
      }
      const v = verify[verify.length - 1]!;
      log(
        `round ${round + 1}/${rounds}: verify ${Math.round(v.rps)} req/s (server cpu ${Math.round(v.serverCpu * 100)}% ⇒ ${Math.round(v.rps / Math.max(v.serverCpu, 0.01))} req per server CPU-second, p99 ${v.p99} ms); openssl sm2 verify ${Math.round(openssl[openssl.length - 1]!)}/s per core`,
      );
    }
    const rps = median(verify.map((s) => s.rps));
    const opensslVerify = median(openssl);
    const baseline = opensslVerify * cores;

    // Tail latency at half the measured throughput (fixed rate), as the goal is stated.
    const half = envNumber('SUFU_BENCH_P99_RATE') ?? Math.max(1, Math.round(rps / 2));
    const atHalf = await load(
      server,
      verifyRequests(server, await server.codes()),
      seconds,
      connections,
      half,
    );
    log(`at ${half} req/s: p99 ${atHalf.p99} ms (served ${Math.round(atHalf.rps)} req/s)`);

    const issue: Sample[] = [];
    const sign: number[] = [];
    for (let round = 0; round < rounds; round++) {
      if (round % 2 === 0) sign.push(signRate(3));
      issue.push(await load(server, issueRequests(server), seconds, connections));
      if (round % 2 === 1) sign.push(signRate(3));
      const s = issue[issue.length - 1]!;
      log(
        `issue round ${round + 1}/${rounds}: ${Math.round(s.rps)} codes/s (server cpu ${Math.round(s.serverCpu * 100)}%, p99 ${s.p99} ms)`,
      );
    }
    const codesPerSecond = median(issue.map((s) => s.rps));
    const signPerSecond = median(sign);
    const how = `${server.ready.database}, autocannon ${connections} conn, ${seconds} s, median of ${rounds} interleaved`;
    return [
      {
        name: 'service-code.verify',
        value: rps,
        unit: 'req/s',
        baseline: `openssl speed -seconds 3 sm2 verify/s × ${cores} cores (${Math.round(opensslVerify)}/s per core); ours: gate scans (${how})`,
        baselineValue: baseline,
        ratio: rps / baseline,
        goal: GOAL_VERIFY,
      },
      {
        name: 'service-code.verify.p99',
        value: atHalf.p99,
        unit: 'ms',
        baseline: `budget ${P99_BUDGET_MS} ms; p99 at ${half} req/s (50 % of the measured throughput); ratio = budget / p99`,
        baselineValue: P99_BUDGET_MS,
        ratio: P99_BUDGET_MS / Math.max(atHalf.p99, 0.001),
        goal: 1,
      },
      {
        name: 'service-code.issue',
        value: codesPerSecond,
        unit: 'codes/s',
        baseline: `gm-crypto sm2Sign/s, 1 core, in the harness; ours: POST /service-code/me with SVG (${how})`,
        baselineValue: signPerSecond,
        ratio: codesPerSecond / signPerSecond,
      },
    ];
  } finally {
    await server.close();
  }
}

if (
  process.argv[1] &&
  import.meta.url === pathToFileURL(process.argv[1]).href &&
  process.argv[2] === 'serve'
) {
  serve().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
