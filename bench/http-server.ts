// The servers that bench/http.bench.ts loads, one per child process, so that the load
// generator (autocannon, in the harness process) and the server never share an event loop.
//
//   node --import tsx bench/http-server.ts <kind> [port]     kind: node | fastify-bare | kernel
//
// Every kind answers GET /api/v1/bench/hello with 200 `{"hello":"world"}` (application/json)
// on 127.0.0.1; port 0 (the default) picks an ephemeral port. When started with an IPC channel
// (child_process.fork) the server reports `{ type: 'ready', port }` and answers
// `{ type: 'cpu' }` with `{ type: 'cpu', user, system }` (process.cpuUsage(), µs); it exits
// when the channel closes, so a crashed harness leaves no server behind. Without IPC it
// prints `listening <port>` and runs until killed.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';

export const BENCH_PATH = '/api/v1/bench/hello';
export const SERVER_KINDS = ['node', 'fastify-bare', 'kernel'] as const;
export type ServerKind = (typeof SERVER_KINDS)[number];

export type ServerMessage = { type: 'ready'; port: number } | { type: 'cpu'; user: number; system: number };

const HOST = '127.0.0.1';

/** Plain node:http: the baseline. Serialises per request, as Fastify does. */
async function startNode(port: number): Promise<{ port: number; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === BENCH_PATH) {
      const body = JSON.stringify({ hello: 'world' });
      res.writeHead(200, {
        'content-type': 'application/json; charset=utf-8',
        'content-length': Buffer.byteLength(body),
      });
      res.end(body);
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, HOST, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Fastify with no plugins or hooks, no logger, no schema. */
async function startFastifyBare(port: number): Promise<{ port: number; close: () => Promise<void> }> {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.get(BENCH_PATH, async () => ({ hello: 'world' }));
  await app.listen({ port, host: HOST });
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
}

/**
 * The platform's HTTP shell (`createHttpApp` from @sufu/kernel: request ids, onResponse request
 * log, cookies, CSRF cookie hook, helmet, rate limit, Zod type provider, swagger) with one route
 * written the way module routes are (Zod response schema). Rate limit set out of reach and a
 * silent logger, as the brief of the bench says; everything else as in production.
 */
async function startKernel(port: number): Promise<{ port: number; close: () => Promise<void> }> {
  const [{ createHttpApp, createLogger }, { z }] = await Promise.all([import('@sufu/kernel'), import('zod')]);
  const app = await createHttpApp({
    logger: createLogger({ level: 'silent' }),
    version: 'bench',
    bodyLimitBytes: 1024 * 1024,
    rateLimitPerMinute: 1_000_000_000,
    cookieSecure: false,
    trustProxy: false,
  });
  app.get(
    BENCH_PATH,
    {
      schema: { tags: ['bench'], summary: 'Bench route', response: { 200: z.object({ hello: z.string() }) } },
    },
    async () => ({ hello: 'world' }),
  );
  await app.listen({ port, host: HOST });
  return { port: (app.server.address() as AddressInfo).port, close: () => app.close() };
}

export async function startServer(
  kind: ServerKind,
  port = 0,
): Promise<{ port: number; close: () => Promise<void> }> {
  switch (kind) {
    case 'node':
      return startNode(port);
    case 'fastify-bare':
      return startFastifyBare(port);
    case 'kernel':
      return startKernel(port);
  }
}

function isKind(s: string | undefined): s is ServerKind {
  return (SERVER_KINDS as readonly string[]).includes(s ?? '');
}

async function main(): Promise<void> {
  const [kind, portArg = '0'] = process.argv.slice(2);
  const port = Number(portArg);
  if (!isKind(kind) || !Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`usage: node --import tsx bench/http-server.ts <${SERVER_KINDS.join('|')}> [port]`);
    process.exitCode = 2;
    return;
  }
  const server = await startServer(kind, port);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => process.exit(0), 2000).unref();
    void server.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  const send = process.send?.bind(process);
  if (send) {
    process.on('message', (msg: unknown) => {
      if ((msg as { type?: unknown } | null)?.type === 'cpu') {
        const { user, system } = process.cpuUsage();
        send({ type: 'cpu', user, system } satisfies ServerMessage);
      }
    });
    process.once('disconnect', () => stop());
    send({ type: 'ready', port: server.port } satisfies ServerMessage);
  } else {
    console.log(`listening ${server.port}`);
  }
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
