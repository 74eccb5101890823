import type { FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Actor, AnyDb, SmsSender } from '@sufu/kernel';
import { anonymousActor } from '@sufu/kernel';
import type { IdentityTables } from './identity.tables.ts';
import { createSessionService, SESSION_COOKIE, type DepartmentLookup } from './session.service.ts';
import { createAccountService } from './account.service.ts';
import { identityRoutes } from './identity.routes.ts';
import { createSealer } from './seal.ts';
import { seedIdentityDemo } from './demo.ts';
import { createIdentityApi, type IdentityApi } from './identity.api.ts';
import { createRegistrationService } from './registration.service.ts';
import { createOrganisationService } from './organisation.service.ts';
import { createVerificationService } from './verification.service.ts';
import { portalRoutes } from './portal.routes.ts';
import { createKioskService, kioskRoutes, type KioskServiceCodeScan } from './kiosk.service.ts';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';

export type IdentityDeps = {
  db: AnyDb;
  secretKey: Buffer;
  sms: SmsSender;
  directory: DepartmentLookup & { listDepartments(): Promise<{ id: string; regionCode: string }[]> };
  cookieSecure: boolean;
  loginRateLimitPerMinute: number;
  /** 苏服码 sign-in at self-service kiosks: the service-code module's online verification. */
  kioskServiceCodeScan?: KioskServiceCodeScan | undefined;
};

/**
 * Accounts of residents and staff, sign-in with a second factor for staff, server-side
 * sessions, roles scoped by department and region, and the resident's own view of who
 * used their data.
 */
export function createIdentityModule(deps: IdentityDeps) {
  const sealer = createSealer(deps.secretKey, 'identity');
  const sessions = createSessionService({ db: deps.db, sealer, departments: deps.directory });
  const accounts = createAccountService({ db: deps.db, departments: deps.directory });
  const registration = createRegistrationService({
    db: deps.db,
    secretKey: deps.secretKey,
    sms: deps.sms,
    sessions,
  });
  const organisations = createOrganisationService({ db: deps.db });
  const verification = createVerificationService({ db: deps.db });
  const kiosk = createKioskService({
    db: deps.db,
    sessions,
    registration,
    scanServiceCode: deps.kioskServiceCodeScan,
  });

  const api: IdentityApi = createIdentityApi({
    db: deps.db,
    sessions,
    countsByCity: () => accounts.countsByCity(),
    authorisedFor: (accountId, organisationId, service) =>
      organisations.authorisedFor(accountId, organisationId, service),
  });

  async function resolveActor(req: FastifyRequest): Promise<Actor> {
    const r = await sessions.resolve(req.cookies[SESSION_COOKIE]);
    return r?.actor ?? anonymousActor;
  }

  const selfService = portalRoutes({
    sessions,
    registration,
    organisations,
    verification,
    cookieSecure: deps.cookieSecure,
    loginRateLimitPerMinute: deps.loginRateLimitPerMinute,
  });
  const adminAndSession = identityRoutes({
    db: deps.db,
    sessions,
    accounts,
    cookieSecure: deps.cookieSecure,
    loginRateLimitPerMinute: deps.loginRateLimitPerMinute,
    departmentNames: async (ids) =>
      new Map([...(await deps.directory.describeDepartments(ids))].map(([k, v]) => [k, v.name])),
  });

  const routes: FastifyPluginAsyncZod = async (app) => {
    await app.register(adminAndSession);
    await app.register(selfService);
    await app.register(
      kioskRoutes({
        kiosk,
        cookieSecure: deps.cookieSecure,
        loginRateLimitPerMinute: deps.loginRateLimitPerMinute,
      }),
    );
  };

  async function seedDemo(opts: { persons?: number; organisations?: number } = {}) {
    const depts = await deps.directory.listDepartments();
    return seedIdentityDemo(deps.db as unknown as Kysely<IdentityTables>, {
      sealer,
      departments: new Map(depts.map((d) => [d.id, d])),
      ...opts,
    });
  }

  return {
    api,
    routes,
    resolveActor,
    seedDemo,
    sessions,
    accounts,
    organisations,
    registration,
    verification,
    kiosk,
  };
}

export type IdentityModule = ReturnType<typeof createIdentityModule>;
