import {
  createLogger,
  createOutboxWorker,
  loadConfig,
  migrateToLatest,
  openDatabase,
  type Config,
  type Database,
  type Logger,
  type OutboxWorker,
} from '@sufu/kernel';
import { allMigrations, createModules, moduleOptions, seed, type Modules } from './modules.ts';
import { buildApp } from './app.ts';

/**
 * config → database → migrations → modules → seed → app. Used by `sufu start`, the
 * tests and the benchmarks, so they all run the same platform.
 */
export type Platform = {
  config: Config;
  logger: Logger;
  database: Database;
  modules: Modules;
  worker: OutboxWorker;
  app: Awaited<ReturnType<typeof buildApp>>;
  close(): Promise<void>;
};

export async function bootPlatform(
  opts: {
    config?: Config;
    logger?: Logger;
    database?: Database;
    migrate?: boolean;
    seedDemo?: boolean;
    startWorker?: boolean;
    webDist?: string;
    demoSize?: { persons?: number; organisations?: number };
  } = {},
): Promise<Platform> {
  const config = opts.config ?? loadConfig();
  const logger = opts.logger ?? createLogger({ level: config.logLevel });
  const database =
    opts.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      dataDir: config.dataDir,
      poolMax: config.databasePoolMax,
    }));
  let ready = false;
  try {
    if (opts.migrate !== false) {
      const r = await migrateToLatest(database.db, allMigrations);
      const applied = r.results?.filter((x) => x.status === 'Success').length ?? 0;
      if (applied) logger.info({ applied }, 'migrations applied');
    }
    const modules = createModules(moduleOptions(config, database.db));
    await seed(database.db, modules, {
      demo: opts.seedDemo ?? config.seedDemo,
      logger,
      ...(opts.demoSize ?? {}),
    });
    const worker = createOutboxWorker(database.db, modules.reactions, logger);
    const app = await buildApp({
      database,
      modules,
      logger,
      worker,
      bodyLimitBytes: config.bodyLimitBytes,
      rateLimitPerMinute: config.rateLimitPerMinute,
      cookieSecure: config.cookieSecure,
      trustProxy: config.trustProxy,
      isReady: () => ready,
      webDist: opts.webDist,
    });
    if (opts.startWorker ?? config.worker === 'inline') {
      worker.start();
      modules.timers.start(logger);
    }
    ready = true;
    return {
      config,
      logger,
      database,
      modules,
      worker,
      app,
      async close() {
        await modules.timers.stop();
        await worker.stop();
        await app.close();
        if (!opts.database) await database.close();
      },
    };
  } catch (e) {
    if (!opts.database) await database.close();
    throw e;
  }
}
