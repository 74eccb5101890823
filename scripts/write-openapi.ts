import fs from 'node:fs';
import path from 'node:path';
import { createLogger, loadConfig, openDatabase } from '@sufu/kernel';
import { bootPlatform, ROOT_DIR } from '@sufu/server';

/**
 * Writes docs/openapi.json from the running route schemas. The checked-in copy lets
 * reviewers see API changes in a diff; a test fails when it is stale.
 */
export async function currentOpenApi(): Promise<string> {
  const database = await openDatabase({ memory: true });
  const config = loadConfig({
    SUFU_LOG_LEVEL: 'silent',
    SUFU_DATA_DIR: path.join(ROOT_DIR, '.sufu-openapi'),
    SUFU_SECRET_KEY: '00'.repeat(32),
  });
  const platform = await bootPlatform({
    config,
    logger: createLogger({ level: 'silent' }),
    database,
    seedDemo: false,
    startWorker: false,
    webDist: '/nonexistent',
  });
  try {
    const doc = (await platform.app.inject('/openapi.json')).json() as Record<string, unknown>;
    return `${JSON.stringify(doc, null, 2)}\n`;
  } finally {
    await platform.close();
    await database.close();
    fs.rmSync(path.join(ROOT_DIR, '.sufu-openapi'), { recursive: true, force: true });
  }
}

export const OPENAPI_PATH = path.join(ROOT_DIR, 'docs', 'openapi.json');

if (import.meta.url === `file://${process.argv[1]}`) {
  fs.writeFileSync(OPENAPI_PATH, await currentOpenApi());
  console.log(`wrote ${path.relative(process.cwd(), OPENAPI_PATH)}`);
}
