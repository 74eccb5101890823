import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createSmsSender,
  kernelMigrations,
  mergeMigrations,
  getMeta,
  setMeta,
  type AnyDb,
  type Config,
  type Logger,
  type Reaction,
  type SmsSender,
} from '@sufu/kernel';
import { loadSecretKey } from './secret.ts';
import { createDirectoryModule, directoryMigrations } from '@sufu/directory';
import {
  createIdentityModule,
  extendActionNames,
  identityMigrations,
  IDENTITY_EVENTS,
  regionScope,
  type SessionEndedPayload,
} from '@sufu/identity';
import { createCalendarModule, calendarMigrations } from '@sufu/calendar';
import { createCatalogModule, catalogMigrations } from '@sufu/catalog';
import { createAuditModule } from '@sufu/audit';
import { createServiceCodeModule, serviceCodeMigrations } from '@sufu/service-code';
import { createSsoModule, ssoMigrations, SSO_ACTION_NAMES } from '@sufu/sso';
import { createNotificationsModule, notificationsMigrations } from '@sufu/notifications';
import { createCasesModule, casesMigrations, identitySharedData, type CasesCatalog } from '@sufu/cases';
import { permissionsOf } from '@sufu/identity';
import { createRatingsModule, ratingsMigrations, RATINGS_ACTION_NAMES } from '@sufu/ratings';

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
  catalogMigrations,
  identityMigrations,
  serviceCodeMigrations,
  ssoMigrations,
  notificationsMigrations,
  casesMigrations,
  ratingsMigrations,
);

export type ModuleOptions = {
  sms: SmsSender;
  db: AnyDb;
  secretKey: Buffer;
  cookieSecure: boolean;
  loginRateLimitPerMinute: number;
  /** The platform's public URL (the OpenID issuer). */
  publicUrl: string;
};

/** The options every module gets, from the parsed configuration. */
export function moduleOptions(config: Config, db: AnyDb): ModuleOptions {
  return {
    db,
    secretKey: loadSecretKey(config.secretKeyHex, config.dataDir),
    cookieSecure: config.cookieSecure,
    loginRateLimitPerMinute: config.loginRateLimitPerMinute,
    publicUrl: config.publicUrl,
    sms: createSmsSender({ kind: config.smsSender, dataDir: config.dataDir, httpUrl: config.smsHttpUrl }),
  };
}

export function createModules(opts: ModuleOptions) {
  // The directory's overview counts people held by identity, which itself needs the
  // directory: the late-bound reference breaks the cycle without a container.
  const late: { identity?: ReturnType<typeof createIdentityModule> } = {};
  const directory = createDirectoryModule({ db: opts.db, counts: () => late.identity!.api.countsByCity() });
  const calendar = createCalendarModule({ db: opts.db });
  const catalog = createCatalogModule({ db: opts.db, directory: directory.api, scope: regionScope });
  const identity = createIdentityModule({
    db: opts.db,
    secretKey: opts.secretKey,
    sms: opts.sms,
    directory: directory.api,
    cookieSecure: opts.cookieSecure,
    loginRateLimitPerMinute: opts.loginRateLimitPerMinute,
    // 苏服码 sign-in at self-service kiosks: the kiosk scans like a counter (the code is used up).
    kioskServiceCodeScan: (actor, info, input) => serviceCode.service.verify(actor, info, input),
  });
  late.identity = identity;
  const departmentNames = async (ids: string[]) =>
    new Map([...(await directory.api.describeDepartments(ids))].map(([k, v]) => [k, v.name]));
  const audit = createAuditModule({ db: opts.db, scope: regionScope, departmentNames });
  // Single sign-on for department systems: signs people in with the platform session.
  const sso = createSsoModule({
    db: opts.db,
    secretKey: opts.secretKey,
    publicUrl: opts.publicUrl,
    identity: identity.api,
    // The acting_org claim: the organisation the person acts for in the platform session.
    actingOrganisation: (accountId) => identity.api.actingOrganisationOf(accountId),
    departments: (ids) => directory.api.describeDepartments(ids),
    scope: regionScope,
    loginRateLimitPerMinute: opts.loginRateLimitPerMinute,
    apiScopes: {
      'service-code.verify': {
        'zh-CN': '核验苏服码（扫码设备）',
        en: 'Verify service codes (scanner devices)',
      },
    },
  });

  const serviceCode = createServiceCodeModule({
    db: opts.db,
    secretKey: opts.secretKey,
    identity: identity.api,
    // Legal representative (after claiming) or an agent authorised for all services.
    canPresentForOrganisation: (accountId, orgId) => identity.api.authorisedFor(accountId, orgId),
    departmentNames,
    // A scanner device registered in the console gets client credentials from single sign-on.
    registerClient: (input, trx) =>
      sso.registerMachineClient(
        {
          name: `苏服码扫码设备 · ${input.name}`.slice(0, 100),
          departmentId: input.departmentId,
          scopes: ['service-code.verify'],
        },
        trx,
      ),
  });
  extendActionNames(SSO_ACTION_NAMES);

  const notifications = createNotificationsModule({
    db: opts.db,
    sms: opts.sms,
    mobileOf: async (accountId) => (await identity.api.personRecord({ accountId }))?.mobile ?? null,
  });
  // 一网通办 applications. Certificates come from the interim source until the
  // e-certificate library lands; shared data from identity's population and legal-person records.
  // Published items and department names change rarely: a submission reads them through
  // short-lived caches (an edit reaches new applications within seconds).
  const publishedItem = ttlCache(5_000, (id: string) => catalog.api.publishedItem(id));
  const describeDepartment = ttlCache(60_000, async (id: string) =>
    (await directory.api.describeDepartments([id])).get(id),
  );
  const cases = createCasesModule({
    db: opts.db,
    catalog: {
      publishedItem,
      lifeEvent: (id: string) => catalog.api.lifeEvent(id),
    } as unknown as CasesCatalog,
    departments: async (ids) => {
      const found = await Promise.all(ids.map(async (id) => [id, await describeDepartment(id)] as const));
      return new Map(found.filter((e): e is [string, NonNullable<(typeof e)[1]>] => !!e[1]));
    },
    calendar: () => calendar.api.calendar(),
    shared: identitySharedData(identity.api),
    notify: notifications.notify,
    grantsWith: (actor, permission) => actor.grants.filter((g) => permissionsOf([g.role]).has(permission)),
    realNameLevel: async (accountId) => (await identity.api.claimsFor(accountId))?.realNameLevel ?? null,
  });
  // 好差评: ratings of concluded cases, learnt from the cases' events, and their rectification.
  const ratings = createRatingsModule({
    db: opts.db,
    calendar: calendar.api,
    notify: (trx, n) => notifications.notify(trx, { ...n, kind: 'ratings' }),
    scope: regionScope,
    departmentNames,
  });
  extendActionNames(RATINGS_ACTION_NAMES);
  return {
    directory,
    calendar,
    catalog,
    identity,
    audit,
    serviceCode,
    sso,
    notifications,
    cases,
    ratings,
    /** Who acts: a bearer token (single sign-on clients) decides alone, else the session cookie. */
    resolveActor: sso.withBearer(identity.resolveActor),
    /** Routes of every module, mounted under /api/v1. */
    routes: [
      identity.routes,
      directory.routes,
      calendar.routes,
      catalog.routes,
      audit.routes,
      serviceCode.routes,
      sso.routes,
      notifications.routes,
      cases.routes,
      ratings.routes,
    ],
    /** Periodic jobs (overdue escalation) that run beside the outbox worker. */
    timers: {
      start(logger: Logger) {
        cases.startTimers(10 * 60_000, (e) => logger.error({ err: e }, 'case escalation failed'));
        ratings.startTimers();
      },
      async stop() {
        cases.stopTimers();
        await ratings.stop();
      },
    },
    /** Outbox reactions of every module. */
    reactions: [
      {
        // Ending a platform session signs the person out of department systems too.
        name: 'sso.back-channel-logout',
        topic: IDENTITY_EVENTS.sessionEnded,
        mode: 'external',
        handle: async (event) => {
          await sso.onPlatformLogout((event.payload as SessionEndedPayload).accountId);
        },
      },
      notifications.smsReaction(),
      ...ratings.reactions,
    ] satisfies Reaction[],
  };
}

export type Modules = ReturnType<typeof createModules>;

/** Memoises an async lookup per key for `ttlMs` (failures are not kept). */
function ttlCache<K, V>(ttlMs: number, load: (key: K) => Promise<V>): (key: K) => Promise<V> {
  const entries = new Map<K, { at: number; value: Promise<V> }>();
  return (key) => {
    const now = Date.now();
    const hit = entries.get(key);
    if (hit && now - hit.at < ttlMs) return hit.value;
    if (entries.size > 5_000) entries.clear();
    const value = load(key);
    entries.set(key, { at: now, value });
    value.catch(() => entries.delete(key));
    return value;
  };
}

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
  await modules.serviceCode.ensureKeys();
  if (!opts.demo) return { demo: false as const };
  const done = await getMeta<{ version: number }>(db, 'demo');
  if (done) return { demo: true as const, already: true };
  const departments = await modules.directory.seedDemo(SERVICE_ITEMS_PATH);
  const identity = await modules.identity.seedDemo({
    persons: opts.persons,
    organisations: opts.organisations,
  });
  // 苏服码 scanner devices, and a linked transport card for the demo resident 张伟.
  const resident = await db
    .selectFrom('identity.accounts')
    .select('id')
    .where('username', '=', '13951000001')
    .executeTakeFirst();
  await modules.serviceCode.seedDemo({
    resident: resident ? await modules.identity.api.holderOfAccount(resident.id as string) : null,
  });
  await modules.sso.seedDemo();
  // The service catalog: the shipped Jiangsu items and one-thing bundles, each as version 1.
  await modules.catalog.seedDemo(SERVICE_ITEMS_PATH);
  await setMeta(db, 'demo', { version: DEMO_VERSION, at: new Date().toISOString() });
  opts.logger.info({ departments, ...identity }, 'demo data loaded');
  return { demo: true as const, already: false, departments, ...identity };
}
