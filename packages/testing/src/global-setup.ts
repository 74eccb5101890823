import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createLogger, loadConfig, openDatabase } from '@sufu/kernel';
import { bootPlatform } from '@sufu/server';

/**
 * Builds one migrated and seeded database before the integration suite: a PGlite data
 * folder that each test file copies, or, with DATABASE_URL, a template database that
 * each test file clones with CREATE DATABASE … TEMPLATE. Files stay independent and
 * setup stays fast.
 */
declare module 'vitest' {
  export interface ProvidedContext {
    sufuTemplate: { kind: 'pglite'; dir: string } | { kind: 'postgres'; adminUrl: string; template: string };
  }
}

export const TEST_DEMO_SIZE = { persons: 400, organisations: 80 };

export default async function setup(project: TestProject) {
  const logger = createLogger({ level: 'silent' });
  const url = process.env.DATABASE_URL;
  if (url) {
    const template = `sufu_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    await admin.query(`drop database if exists ${template}`);
    await admin.query(`create database ${template}`);
    const tplUrl = new URL(url);
    tplUrl.pathname = `/${template}`;
    const database = await openDatabase({ databaseUrl: tplUrl.toString(), poolMax: 2 });
    const config = loadConfig({
      DATABASE_URL: tplUrl.toString(),
      SUFU_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'sufu-tpl-')),
      SUFU_LOG_LEVEL: 'silent',
      SUFU_SECRET_KEY: '11'.repeat(32),
    });
    const platform = await bootPlatform({
      config,
      logger,
      database,
      startWorker: false,
      demoSize: TEST_DEMO_SIZE,
      webDist: '/nonexistent',
    });
    await platform.close();
    await database.close();
    project.provide('sufuTemplate', { kind: 'postgres', adminUrl: url, template });
    return async () => {
      // Clone databases of test files are dropped by the files themselves; drop the template.
      const res = await admin.query<{ datname: string }>(
        `select datname from pg_database where datname like 'sufu_t_%'`,
      );
      for (const r of res.rows)
        await admin.query(`drop database if exists ${r.datname}`).catch(() => undefined);
      await admin.query(`drop database if exists ${template}`).catch(() => undefined);
      await admin.end();
    };
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sufu-tpl-'));
  const config = loadConfig({
    SUFU_DATA_DIR: dir,
    SUFU_LOG_LEVEL: 'silent',
    SUFU_SECRET_KEY: '11'.repeat(32),
  });
  const platform = await bootPlatform({
    config,
    logger,
    startWorker: false,
    demoSize: TEST_DEMO_SIZE,
    webDist: '/nonexistent',
  });
  await platform.close();
  project.provide('sufuTemplate', { kind: 'pglite', dir });
  return () => fs.rmSync(dir, { recursive: true, force: true });
}
