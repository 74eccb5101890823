/** The kernel: config, database, migrations, outbox, audit, errors, actor, HTTP shell, calendar. No business words. */
export * from './config.ts';
export * from './errors/errors.ts';
export * from './logger.ts';
export * from './db/database.ts';
export * from './db/lock.ts';
export * from './db/migrator.ts';
export * from './auth/actor.ts';
export * from './audit/audit.ts';
export * from './outbox/outbox.ts';
export * from './http/app.ts';
export * from './http/problem.ts';
export * from './calendar/index.ts';
export { kernelMigrations } from './migrations/index.ts';
export * from './meta.ts';
export * from './messaging/sms.ts';
