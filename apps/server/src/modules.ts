import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kernelMigrations, mergeMigrations, getMeta, setMeta, type AnyDb, type Logger } from '@sufu/kernel';
import { createDirectoryModule, directoryMigrations } from '@sufu/directory';
import { createIdentityModule, identityMigrations, regionScope } from '@sufu/identity';
import { createCalendarModule, calendarMigrations } from '@sufu/calendar';
import { createAuditModule } from '@sufu/audit';

/**
 * The one file that wires modules together, in dependency order. Each module gets a
 * narrow slice of the modules it depends on; nothing else knows the whole graph.
 */
export const ROOT_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const SERVICE_ITEMS_PATH = path.join(ROOT_DIR, 'data', 'jiangsu-service-items.json');

export const allMigrations = mergeMigrations(
  kernelMigrations,
  directoryMigrations,
  calendarMigrations,
  identityMigrations,
);

export type ModuleOptions = {
  db: AnyDb;
  secretKey: Buffer;
  cookieSecure: boolean;
  loginRateLimitPerMinute: number;
};

export function createModules(opts: ModuleOptions) {
  // The directory's overview counts people held by identity, which itself needs the
  // directory: the late-bound reference breaks the cycle without a container.
  const late: { identity?: ReturnType<typeof createIdentityModule> } = {};
  const directory = createDirectoryModule({ db: opts.db, counts: () => late.identity!.api.countsByCity() });
  const calendar = createCalendarModule({ db: opts.db });
  const identity = createIdentityModule({
    db: opts.db,
    secretKey: opts.secretKey,
    directory: directory.api,
    cookieSecure: opts.cookieSecure,
    loginRateLimitPerMinute: opts.loginRateLimitPerMinute,
  });
  late.identity = identity;
  const departmentNames = async (ids: string[]) =>
    new Map([...(await directory.api.describeDepartments(ids))].map(([k, v]) => [k, v.name]));
  const audit = createAuditModule({ db: opts.db, scope: regionScope, departmentNames });

  return {
    directory,
    calendar,
    identity,
    audit,
    /** Routes of every module, mounted under /api/v1. */
    routes: [identity.routes, directory.routes, calendar.routes, audit.routes],
    /** Outbox reactions of every module. */
    reactions: [],
  };
}

export type Modules = ReturnType<typeof createModules>;

export const DEMO_VERSION = 1;

/**
 * Reference data (the official calendar) is always loaded; demo data (departments,
 * people, accounts) once per database, when enabled.
 */
export async function seed(
  db: AnyDb,
  modules: Modules,
  opts: { demo: boolean; logger: Logger; persons?: number; organisations?: number },
) {
  const years = await modules.calendar.seed();
  if (years) opts.logger.info({ years }, 'official calendar loaded');
  await modules.directory.seedProvincial(SERVICE_ITEMS_PATH);
  if (!opts.demo) return { demo: false as const };
  const done = await getMeta<{ version: number }>(db, 'demo');
  if (done) return { demo: true as const, already: true };
  const departments = await modules.directory.seedDemo(SERVICE_ITEMS_PATH);
  const identity = await modules.identity.seedDemo({
    persons: opts.persons,
    organisations: opts.organisations,
  });
  await setMeta(db, 'demo', { version: DEMO_VERSION, at: new Date().toISOString() });
  opts.logger.info({ departments, ...identity }, 'demo data loaded');
  return { demo: true as const, already: false, departments, ...identity };
}
