// HTTP throughput of the platform's HTTP shell against a plain node:http server.
//
// Three servers answer GET /api/v1/bench/hello with `{"hello":"world"}` (see bench/http-server.ts),
// each in its own child process on 127.0.0.1 (ephemeral port):
//   node          node:http, hand-written handler                    (the baseline)
//   kernel        createHttpApp from @sufu/kernel + one Zod route    → http.route (goal 0.9)
//   fastify-bare  Fastify 5, no plugins, no hooks                    → http.fastify-bare (no goal)
// autocannon runs in this (the harness) process — a separate process from the server, as a
// real client would be. Measurements are interleaved (node, kernel, bare, then bare, kernel,
// node, …) and each value is the median over the rounds; ratio = median(subject) / median(node).
//
//   npx tsx bench/run.ts http
//   SUFU_BENCH_SECONDS=10 SUFU_BENCH_ROUNDS=5 SUFU_BENCH_CONNECTIONS=100 npx tsx bench/run.ts http
import { fork, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './run.ts';
import { BENCH_PATH, type ServerKind, type ServerMessage } from './http-server.ts';

// autocannon ships no type declarations (and there is no @types/autocannon in the tree), so
// it is loaded through require with the small part of its API used here typed locally.
type AutocannonOptions = {
  url: string;
  connections: number;
  duration: number;
  pipelining: number;
  timeout: number;
  headers: Record<string, string>;
};
type AutocannonResult = {
  duration: number;
  errors: number;
  timeouts: number;
  mismatches: number;
  non2xx: number;
  resets: number;
  '2xx': number;
  statusCodeStats: Record<string, { count: number }>;
  latency: { p50: number; p99: number };
};
const autocannon = createRequire(import.meta.url)('autocannon') as (
  opts: AutocannonOptions,
) => Promise<AutocannonResult>;

export const resultNames = ['http.route', 'http.fastify-bare'] as const;

/** Options of {@link run}; each defaults to its environment variable, then to the value shown. */
export type HttpBenchOptions = {
  /** Seconds per measurement (SUFU_BENCH_SECONDS, 5). */
  seconds?: number;
  /** Interleaved rounds; each value is the median over them (SUFU_BENCH_ROUNDS, 3). */
  rounds?: number;
  /** Concurrent keep-alive connections (SUFU_BENCH_CONNECTIONS, 50). */
  connections?: number;
  /** Seconds of unmeasured load per server before the first round (2). */
  warmupSeconds?: number;
};

const GOAL_ROUTE = 0.9;
const PIPELINING = 1;
// A returning browser: it sends the CSRF cookie it was given, so the kernel's CSRF hook takes
// its steady-state path (validate the cookie) rather than minting a token on every request.
// Sent to all three servers so the requests are byte-identical.
const HEADERS = { accept: 'application/json', cookie: 'sufu_csrf=bench-csrf-token-0123456789abcdefABCDEF' };
const EXPECTED_BODY = '{"hello":"world"}';
const SERVER_FILE = fileURLToPath(new URL('./http-server.ts', import.meta.url));

type Server = {
  kind: ServerKind;
  url: string;
  /** CPU time (user + system, µs) the server process has used so far. */
  cpuMicros: () => Promise<number>;
  close: () => Promise<void>;
};

type Sample = { rps: number; serverCpu: number; clientCpu: number; p99: number };

function envNumber(name: string): number | undefined {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : undefined;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] ?? 0) : ((s[mid - 1] ?? 0) + (s[mid] ?? 0)) / 2;
}

const pct = (x: number): string => `${Math.round(x * 100)}%`;

function log(line: string): void {
  process.stderr.write(`  [http] ${line}\n`);
}

function tsxLoader(): string {
  try {
    return import.meta.resolve('tsx');
  } catch {
    return 'tsx';
  }
}

/** Forks `bench/http-server.ts <kind> 0` and waits for its `ready` message. */
function startServer(kind: ServerKind): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(SERVER_FILE, [kind, '0'], {
      execArgv: ['--import', tsxLoader()],
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => {
      stderr = (stderr + d.toString()).slice(-4000);
    });
    const exited = new Promise<void>((res) => child.once('exit', () => res()));
    const close = async (): Promise<void> => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      if (child.connected) child.disconnect();
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(timer);
    };
    const pendingCpu: { res: (micros: number) => void; rej: (err: Error) => void }[] = [];
    const timeout = setTimeout(() => {
      void close();
      reject(new Error(`${kind} server did not start within 60 s\n${stderr}`));
    }, 60_000);
    child.once('error', (err) => {
      clearTimeout(timeout);
      reject(err);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timeout);
      const err = new Error(`${kind} server exited (${signal ?? code})\n${stderr}`);
      reject(err); // no-op once ready
      for (const p of pendingCpu.splice(0)) p.rej(err);
    });
    child.on('message', (raw: unknown) => {
      const msg = raw as ServerMessage;
      if (msg.type === 'cpu') pendingCpu.shift()?.res(msg.user + msg.system);
      else if (msg.type === 'ready') {
        clearTimeout(timeout);
        resolve({
          kind,
          url: `http://127.0.0.1:${msg.port}${BENCH_PATH}`,
          close,
          cpuMicros: () =>
            new Promise<number>((res, rej) => {
              if (!child.connected) return rej(new Error(`${kind} server is gone\n${stderr}`));
              pendingCpu.push({ res, rej });
              child.send({ type: 'cpu' });
            }),
        });
      }
    });
  });
}

/** One request outside the load: status, content type and body must be what the bench expects. */
async function checkResponse(server: Server): Promise<void> {
  const res = await fetch(server.url, { headers: HEADERS });
  const body = await res.text();
  const type = res.headers.get('content-type') ?? '';
  if (res.status !== 200 || !type.startsWith('application/json') || body !== EXPECTED_BODY) {
    throw new Error(
      `${server.kind} server answered ${res.status} ${type} ${body.slice(0, 200)}; expected 200 application/json ${EXPECTED_BODY}`,
    );
  }
}

/** Loads the server for `seconds`; returns successful requests/s and the CPU use (1 = one core) of server and load generator. */
async function load(server: Server, seconds: number, connections: number): Promise<Sample> {
  const cpu0 = await server.cpuMicros();
  const client0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await autocannon({
    url: server.url,
    connections,
    duration: seconds,
    pipelining: PIPELINING,
    timeout: 10,
    headers: HEADERS,
  });
  const wallMicros = (performance.now() - t0) * 1000;
  const client = process.cpuUsage(client0);
  const cpu1 = await server.cpuMicros();
  const ok = r['2xx'];
  if (r.non2xx > 0 || r.errors > 0 || r.timeouts > 0 || r.mismatches > 0 || ok === 0) {
    const codes = Object.entries(r.statusCodeStats)
      .map(([code, { count }]) => `${code}×${count}`)
      .join(', ');
    throw new Error(
      `${server.kind}: ${ok} 2xx, ${r.non2xx} non-2xx (${codes || 'none'}), ${r.errors} errors, ${r.timeouts} timeouts, ${r.mismatches} mismatches`,
    );
  }
  return {
    rps: ok / r.duration,
    serverCpu: (cpu1 - cpu0) / wallMicros,
    clientCpu: (client.user + client.system) / wallMicros,
    p99: r.latency.p99,
  };
}

/** Runs the HTTP benchmarks; see the file header. */
export async function run(options: HttpBenchOptions = {}): Promise<BenchResult[]> {
  const seconds = options.seconds ?? envNumber('SUFU_BENCH_SECONDS') ?? 5;
  const rounds = Math.max(1, Math.round(options.rounds ?? envNumber('SUFU_BENCH_ROUNDS') ?? 3));
  const connections = Math.max(
    1,
    Math.round(options.connections ?? envNumber('SUFU_BENCH_CONNECTIONS') ?? 50),
  );
  const warmupSeconds = options.warmupSeconds ?? 2;
  const kinds: ServerKind[] = ['node', 'kernel', 'fastify-bare'];

  const servers: Server[] = [];
  try {
    // One at a time, so that start-up work (tsx compilation, plugin registration) does not overlap.
    for (const kind of kinds) servers.push(await startServer(kind));
    for (const s of servers) await checkResponse(s);
    log(
      `${connections} connections, pipelining ${PIPELINING}, ${seconds} s × ${rounds} rounds per server, warm-up ${warmupSeconds} s`,
    );
    for (const s of servers) await load(s, warmupSeconds, connections);

    const samples = new Map<ServerKind, Sample[]>(kinds.map((k) => [k, []]));
    for (let round = 0; round < rounds; round++) {
      // node, kernel, bare — then bare, kernel, node — …: no server always goes first or last.
      const order = round % 2 === 0 ? servers : [...servers].reverse();
      const parts: string[] = [];
      for (const s of order) {
        const sample = await load(s, seconds, connections);
        samples.get(s.kind)?.push(sample);
        parts.push(
          `${s.kind} ${Math.round(sample.rps)} req/s (cpu server ${pct(sample.serverCpu)} client ${pct(sample.clientCpu)}, p99 ${sample.p99} ms)`,
        );
      }
      log(`round ${round + 1}/${rounds}: ${parts.join('; ')}`);
    }

    const med = (kind: ServerKind): number => median((samples.get(kind) ?? []).map((s) => s.rps));
    const base = samples.get('node') ?? [];
    const baseServer = median(base.map((x) => x.serverCpu));
    const baseClient = median(base.map((x) => x.clientCpu));
    if (baseServer < 0.85) {
      const why =
        baseClient >= 0.85
          ? 'the load generator is saturated (client CPU ' +
            pct(baseClient) +
            '), so the baseline is capped and the ratios are flattered'
          : 'neither server nor load generator had a full core (client CPU ' +
            pct(baseClient) +
            ') — the machine is busy; treat these numbers with care';
      log(`warning: the node:http baseline server used ${pct(baseServer)} of a core: ${why}`);
    }
    const baseline = med('node');
    const how = `autocannon ${connections} conn, ${seconds} s, median of ${rounds} interleaved`;
    const ratio = (v: number): number => (baseline > 0 ? v / baseline : 0);
    const route = med('kernel');
    const bare = med('fastify-bare');
    return [
      {
        name: 'http.route',
        value: route,
        unit: 'req/s',
        baseline: `node:http, same JSON (${how}); ours: createHttpApp + Zod route`,
        baselineValue: baseline,
        ratio: ratio(route),
        goal: GOAL_ROUTE,
      },
      {
        name: 'http.fastify-bare',
        value: bare,
        unit: 'req/s',
        baseline: `node:http, same JSON (${how}); ours: bare Fastify 5`,
        baselineValue: baseline,
        ratio: ratio(bare),
      },
    ];
  } finally {
    await Promise.all(servers.map((s) => s.close()));
  }
}
