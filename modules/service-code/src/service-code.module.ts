import type { Kysely } from 'kysely';
import { systemActor, type AnyDb } from '@sufu/kernel';
import { createKeyStore } from './keys.ts';
import { createScannerStore } from './scanners.ts';
import { createService, type ServiceCodeHolder, type ServiceCodeIdentity } from './service.ts';
import { serviceCodeRoutes, serviceCodeWellKnownRoutes, type RegisterScannerClient } from './routes.ts';
import type { ServiceCodeTables } from './tables.ts';
import { parseToken, verifyParsedToken, type VerifyResult } from './token.ts';

export type ServiceCodeDeps = {
  db: AnyDb;
  /** The platform secret: seals private keys and card numbers, keys the holder pseudonyms. */
  secretKey: Buffer;
  identity: ServiceCodeIdentity;
  /**
   * Whether the account may show the organisation's enterprise code: its legal
   * representative or an agent authorised for it. Owned by identity.
   */
  canPresentForOrganisation(accountId: string, orgId: string): Promise<boolean>;
  /** Department names for scan histories and the console. */
  departmentNames(ids: string[]): Promise<Map<string, string>>;
  /** Optional: the SSO module issues client credentials for a new scanner device. */
  registerClient?: RegisterScannerClient | undefined;
  options?: {
    /** Lifetime of a code (default 60 s). */
    lifetimeSeconds?: number;
    /** Tolerated clock difference (default 30 s). */
    skewSeconds?: number;
    /** How often each process re-reads keys and scanners (default 30 s). */
    reloadSeconds?: number;
    /** The clock (ms), for tests. */
    now?: () => number;
  };
};

/**
 * 苏服码: one code per person and per organisation, shown as a short-lived SM2-signed QR
 * without personal data in clear; online verification by registered scanners that receive
 * what their profile allows; offline verification with the published keys; the holder's
 * scan history; linked social-security, medical and transport cards.
 */
export function createServiceCodeModule(deps: ServiceCodeDeps) {
  const now = deps.options?.now ?? (() => Date.now());
  const lifetimeSeconds = deps.options?.lifetimeSeconds ?? 60;
  const skewSeconds = deps.options?.skewSeconds ?? 30;
  const reloadSeconds = deps.options?.reloadSeconds ?? 30;
  const keys = createKeyStore({ db: deps.db, secretKey: deps.secretKey, reloadSeconds, skewSeconds, now });
  const scanners = createScannerStore({ db: deps.db, reloadSeconds, now });
  const service = createService({
    db: deps.db,
    secretKey: deps.secretKey,
    identity: deps.identity,
    canPresentForOrganisation: deps.canPresentForOrganisation,
    departmentNames: deps.departmentNames,
    keys,
    scanners,
    settings: { lifetimeSeconds, skewSeconds, now },
  });

  const routes = serviceCodeRoutes({
    db: deps.db,
    service,
    keys,
    scanners,
    departmentNames: deps.departmentNames,
    registerClient: deps.registerClient,
    lifetimeSeconds,
  });
  const wellKnownRoutes = serviceCodeWellKnownRoutes({ keys });

  /** What other modules may ask: issue for a holder, verify without releasing anything. */
  const api = {
    /**
     * Signs a code for a holder with no authorisation check of its own — for trusted callers
     * that have already decided (a kiosk printing a code after sign-in, tests, benchmarks).
     */
    issueFor: (holder: ServiceCodeHolder, opts?: { now?: number; offsetSeconds?: number }) =>
      service.sign(holder, opts),
    /** Checks a code's structure, key, signature and time only; logs and releases nothing. */
    async check(code: string): Promise<VerifyResult> {
      const parsed = parseToken(code);
      if (!parsed.ok) return parsed;
      const lookup = await keys.lookupFor(parsed.token.fields.kid);
      return verifyParsedToken(parsed.token, lookup, Math.floor(now() / 1000), skewSeconds);
    },
    publishedKeys: () => keys.published(),
  };

  /** Creates the first signing keys; run at every start (idempotent, safe across processes). */
  async function ensureKeys(): Promise<void> {
    await keys.ensure();
  }

  /**
   * Demo scanner devices (a counter and an entrance gate in 玄武区, a metro gate, a hospital
   * registration desk) and a linked transport card for the demo resident.
   */
  async function seedDemo(opts: { resident?: ServiceCodeHolder | null } = {}) {
    const db = deps.db as unknown as Kysely<ServiceCodeTables>;
    const existing = await db.selectFrom('service_code.scanners').select('id').limit(1).execute();
    let devices = 0;
    if (existing.length === 0) {
      const rows = await db
        .insertInto('service_code.scanners')
        .values([
          {
            name: '综合受理窗口 3 号',
            location: '南京市玄武区政务服务中心 一楼',
            department_id: '320102-xzspj',
            operator_name: null,
            profile: 'counter',
            client_id: 'demo-xuanwu-counter',
            status: 'active',
          },
          {
            name: '大厅入口闸机',
            location: '南京市玄武区政务服务中心 正门',
            department_id: '320102-xzspj',
            operator_name: null,
            profile: 'gate',
            client_id: 'demo-xuanwu-entrance',
            status: 'active',
          },
          {
            name: '新街口站 进站闸机',
            location: '南京地铁 1 号线 新街口站',
            department_id: null,
            operator_name: '南京地铁运营有限责任公司',
            profile: 'transport',
            client_id: 'demo-nanjing-metro',
            status: 'active',
          },
          {
            name: '门诊挂号收费处',
            location: '江苏省人民医院 门诊大厅（南京市鼓楼区广州路 300 号）',
            department_id: null,
            operator_name: '江苏省人民医院',
            profile: 'medical',
            client_id: 'demo-jsph-outpatient',
            status: 'active',
          },
        ])
        .returning('id')
        .execute();
      devices = rows.length;
      scanners.invalidate();
    }
    let cards = 0;
    if (opts.resident) {
      const has = await db
        .selectFrom('service_code.linked_cards')
        .select('id')
        .where('holder_person_id', '=', opts.resident.id)
        .where('domain', '=', 'transport')
        .where('status', '=', 'active')
        .executeTakeFirst();
      if (!has) {
        await service.linkCardFor(
          opts.resident,
          { domain: 'transport', number: '3104320100012345678' },
          { actor: systemActor('demo seed'), requestId: null },
        );
        cards = 1;
      }
    }
    return { scanners: devices, linkedCards: cards };
  }

  return { api, routes, wellKnownRoutes, ensureKeys, seedDemo, service, keys, scanners };
}

export type ServiceCodeModule = ReturnType<typeof createServiceCodeModule>;
export type ServiceCodeApi = ServiceCodeModule['api'];
