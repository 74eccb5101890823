/** The composition root, importable by the CLI, tests and benchmarks. */
export { bootPlatform, type Platform } from './boot.ts';
export { buildApp, VERSION, WEB_DIST } from './app.ts';
export { allMigrations, createModules, moduleOptions, seed, ROOT_DIR } from './modules.ts';
export { loadSecretKey } from './secret.ts';
