import fs from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import { z } from 'zod';
import {
  createHttpApp,
  CommonErrors,
  migrationStatus,
  sendProblem,
  type Database,
  type Logger,
  type OutboxWorker,
} from '@sufu/kernel';
import { allMigrations, ROOT_DIR, type Modules } from './modules.ts';

export const VERSION = '0.1.0';
export const WEB_DIST = path.join(ROOT_DIR, 'apps', 'web', 'dist');

export type AppOptions = {
  database: Database;
  modules: Modules;
  logger: Logger;
  worker?: OutboxWorker | undefined;
  bodyLimitBytes: number;
  rateLimitPerMinute: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  /** Set once migrations and seeding are done; /healthz answers 503 before. */
  isReady: () => boolean;
  webDist?: string;
};

/** Kernel HTTP plugins first, then each module's routes under /api/v1, then the web app. */
export async function buildApp(opts: AppOptions) {
  const app = await createHttpApp({
    logger: opts.logger,
    version: VERSION,
    bodyLimitBytes: opts.bodyLimitBytes,
    rateLimitPerMinute: opts.rateLimitPerMinute,
    cookieSecure: opts.cookieSecure,
    trustProxy: opts.trustProxy,
    resolveActor: opts.modules.resolveActor,
  });

  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'Liveness and readiness of data',
        response: {
          200: z.object({ status: z.literal('ok') }),
          503: z.object({ status: z.literal('starting') }),
        },
      },
    },
    async (_req, reply) => {
      if (!opts.isReady()) return reply.status(503).send({ status: 'starting' as const });
      return { status: 'ok' as const };
    },
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: database, migrations, outbox',
        response: {
          200: z.object({
            status: z.enum(['ok', 'degraded']),
            database: z.enum(['pglite', 'postgres']),
            migrations: z.object({ applied: z.number(), pending: z.number() }),
            outbox: z.object({ pending: z.number() }),
            version: z.string(),
          }),
        },
      },
    },
    async (_req, reply) => {
      try {
        const m = await migrationStatus(opts.database.db, allMigrations);
        const pending = opts.worker ? await opts.worker.pending() : 0;
        const ok = m.pending === 0 && opts.isReady();
        const body = {
          status: ok ? ('ok' as const) : ('degraded' as const),
          database: opts.database.kind,
          migrations: { applied: m.applied, pending: m.pending },
          outbox: { pending },
          version: VERSION,
        };
        if (!ok) return reply.code(503 as 200).send(body);
        return body;
      } catch {
        throw CommonErrors.unavailable();
      }
    },
  );

  await app.register(
    async (api) => {
      for (const r of opts.modules.routes) await api.register(r);
    },
    { prefix: '/api/v1' },
  );
  // 苏服码 verification keys, public and cacheable, for online and offline verifiers.
  await app.register(opts.modules.serviceCode.wellKnownRoutes);
  // Single sign-on: OpenID discovery at the root, endpoints under /oidc, consent pages.
  await app.register(opts.modules.sso.http, { trustProxy: opts.trustProxy });

  const dist = opts.webDist ?? WEB_DIST;
  const hasWeb = fs.existsSync(path.join(dist, 'index.html'));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: dist,
      prefix: '/',
      index: ['index.html'],
      wildcard: true,
      maxAge: '1h',
      immutable: false,
    });
  }
  const apiLike = /^\/(api|docs|openapi\.json|healthz|readyz)(\/|$|\?)/;
  app.setNotFoundHandler((req, reply) => {
    if (hasWeb && (req.method === 'GET' || req.method === 'HEAD') && !apiLike.test(req.url)) {
      return reply
        .type('text/html; charset=utf-8')
        .header('cache-control', 'no-cache')
        .sendFile('index.html');
    }
    return sendProblem(reply, req, CommonErrors.routeNotFound());
  });
  return app;
}
