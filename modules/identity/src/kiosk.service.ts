import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { anonymousActor, defineError, recordAudit, type Actor, type AnyDb } from '@sufu/kernel';
import { validateIdNumber } from '@sufu/china-ids';
import type { IdentityTables } from './identity.tables.ts';
import { sessionView } from './identity.schemas.ts';
import { metaOf } from './identity.routes.ts';
import { extendActionNames } from './actions.ts';
import { RegistrationErrors, type RegistrationService } from './registration.service.ts';
import {
  SESSION_COOKIE,
  type LoginResult,
  type RequestMeta,
  type SessionService,
  type SessionView,
} from './session.service.ts';

/**
 * Sign-in at the self-service terminals (自助终端) in the service halls: by 公民身份号码 and a
 * one-time code sent to the mobile number on file, or by showing the dynamic 苏服码 to the
 * terminal's scanner. A kiosk session is an ordinary session with a short life — 3 minutes
 * idle, 15 minutes in any case — because the next person in the queue uses the same screen.
 *
 * The code flow reuses the registration service's one-time codes (same lifetime, the same
 * resend and hourly limits per mobile number) and never tells whether an ID number is
 * registered: every well-formed request is answered 202 with the same body after the same
 * minimum time, whether a code was sent, held back by a limit, or there is no such person.
 *
 * The 苏服码 flow asks the service-code module to verify the code as a counter scan (the
 * kiosk is a scanner that uses the code up), so a photographed code cannot be replayed, and
 * the scan lands in the resident's scan history and the audit trail like any other.
 */
export const KIOSK_IDLE_SECONDS = 3 * 60;
export const KIOSK_ABSOLUTE_SECONDS = 15 * 60;
/** Every code request is answered after at least this long, known ID number or not. */
export const KIOSK_CODE_ANSWER_MS = 300;
/** Longest the answer waits for the SMS gateway; the message still goes out after that. */
const KIOSK_CODE_MAX_WAIT_MS = 2_000;
/** What the code answer says: the registration service's figures, the same for everybody. */
const CODE_ANSWER = { expiresInSeconds: 300, resendAfterSeconds: 60 } as const;

export const KioskErrors = {
  serviceCodeUnavailable: defineError('kiosk.service_code_unavailable', 'unavailable', {
    'zh-CN': '本终端暂不支持扫苏服码登录，请使用身份证号和短信验证码登录。',
    en: 'This terminal cannot sign in with a service code yet; use your ID number and an SMS code.',
  }),
  personalCodeOnly: defineError('kiosk.personal_code_only', 'unprocessable', {
    'zh-CN': '请出示本人的个人苏服码（企业码不能登录自助终端）。',
    en: 'Show your personal service code; an enterprise code cannot sign in at a kiosk.',
  }),
  noAccount: defineError('kiosk.no_account', 'unauthenticated', {
    'zh-CN': '未能使用该苏服码登录，请改用身份证号和短信验证码，或到服务窗口咨询。',
    en: 'This service code could not sign you in; use your ID number and an SMS code, or ask at a counter.',
  }),
};

extendActionNames({
  'session.kiosk_login': { 'zh-CN': '自助终端登录', en: 'Signed in at a self-service kiosk' },
});

/** The kiosk as a scanner: it acts like a counter (the code is used up and the holder released). */
export const KIOSK_SCANNER_ACTOR: Actor = Object.freeze({
  kind: 'system',
  accountId: null,
  display: '自助终端 · Self-service kiosk',
  grants: [],
  permissions: new Set(['service-code.scan']),
  sessionId: null,
}) as Actor;

/** What a service-code scan tells the kiosk (structurally the service-code module's answer). */
export type KioskScanResult = {
  profile: string;
  holderType: 'person' | 'organisation';
  identifierType?: 'id_number' | 'credit_code';
  identifier?: string;
};

/**
 * The service-code module's online verification, wired in the composition root
 * (`serviceCode.service.verify`). Refusals are thrown as that module's problems.
 */
export type KioskServiceCodeScan = (
  actor: Actor,
  info: { requestId: string | null; ip: string | null },
  input: { code: string; purpose: string },
) => Promise<KioskScanResult>;

const sessionDigest = (token: string) => createHash('sm3').update(token).digest('hex');
const delay = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export function createKioskService(deps: {
  db: AnyDb;
  sessions: SessionService;
  registration: RegistrationService;
  scanServiceCode?: KioskServiceCodeScan | undefined;
}) {
  const db = deps.db as unknown as Kysely<IdentityTables>;

  function idNumberOf(raw: string) {
    const v = validateIdNumber(raw.trim());
    if (!v.ok) throw RegistrationErrors.badIdNumber({ detail: v.message });
    return v.value;
  }

  /** The active resident account of a person, with the mobile number on file. */
  async function residentByIdNumber(idNumber: string) {
    return db
      .selectFrom('identity.persons as p')
      .innerJoin('identity.accounts as a', 'a.person_id', 'p.id')
      .select(['a.id as accountId', 'a.status', 'p.mobile'])
      .where('p.id_number', '=', idNumber)
      .where('a.kind', '=', 'person')
      .executeTakeFirst();
  }

  async function refused(meta: RequestMeta, reason: string, method: 'sms' | 'service-code') {
    await recordAudit(
      deps.db,
      { actor: anonymousActor, requestId: meta.requestId, ip: meta.ip },
      { action: 'auth.login_failed', outcome: 'failure', details: { channel: 'kiosk', method, reason } },
    );
  }

  /**
   * Turns a fresh resident session into a kiosk session: shorter idle and absolute lifetime,
   * and the `session.kiosk_login` audit entry, in one transaction. The token reaches the
   * browser only after this commits, so no long-lived kiosk session is ever handed out.
   */
  async function asKioskSession(
    result: LoginResult,
    meta: RequestMeta,
    method: 'sms' | 'service-code',
  ): Promise<{ token: string; session: SessionView }> {
    if (result.status !== 'authenticated') throw RegistrationErrors.otpInvalid();
    const id = sessionDigest(result.token);
    const expiresAt = new Date(Date.now() + KIOSK_ABSOLUTE_SECONDS * 1000);
    const account = result.session.account;
    const actor: Actor = {
      kind: 'person',
      accountId: account.id,
      display: account.displayName,
      grants: account.roles.map((r) => ({
        role: r.role,
        departmentId: r.departmentId,
        regionCode: r.regionCode,
      })),
      permissions: new Set(account.permissions),
      sessionId: id,
    };
    await deps.db.transaction().execute(async (t) => {
      await (t as unknown as Kysely<IdentityTables>)
        .updateTable('identity.sessions')
        .set({ idle_timeout_seconds: KIOSK_IDLE_SECONDS, expires_at: expiresAt })
        .where('id', '=', id)
        .execute();
      await recordAudit(
        t,
        { actor, requestId: meta.requestId, ip: meta.ip },
        {
          action: 'session.kiosk_login',
          resourceType: 'account',
          resourceId: account.id,
          details: {
            method,
            idleTimeoutSeconds: KIOSK_IDLE_SECONDS,
            absoluteSeconds: KIOSK_ABSOLUTE_SECONDS,
            userAgent: meta.userAgent?.slice(0, 120) ?? null,
          },
        },
      );
    });
    return {
      token: result.token,
      session: {
        ...result.session,
        idleTimeoutSeconds: KIOSK_IDLE_SECONDS,
        expiresAt: expiresAt.toISOString(),
      },
    };
  }

  return {
    /**
     * Sends a sign-in code to the mobile number on file for the ID number, if there is an
     * active resident account with one. The answer is the same in every case.
     */
    async requestCode(rawIdNumber: string) {
      const idNumber = idNumberOf(rawIdNumber);
      const started = Date.now();
      const resident = await residentByIdNumber(idNumber);
      const work =
        resident && resident.status === 'active' && resident.mobile
          ? deps.registration.requestCode('login', resident.mobile).then(
              () => undefined,
              // Too soon, over the hourly limit, gateway down: answered like everything else.
              () => undefined,
            )
          : Promise.resolve();
      await Promise.race([work, delay(KIOSK_CODE_MAX_WAIT_MS)]);
      const left = KIOSK_CODE_ANSWER_MS - (Date.now() - started);
      if (left > 0) await delay(left);
      return { ...CODE_ANSWER };
    },

    async loginWithCode(rawIdNumber: string, code: string, meta: RequestMeta) {
      const idNumber = idNumberOf(rawIdNumber);
      const resident = await residentByIdNumber(idNumber);
      if (!resident?.mobile) {
        // The same refusal as a wrong code: nothing tells whether the ID number is registered.
        await refused(meta, 'no account with a mobile number', 'sms');
        throw RegistrationErrors.otpInvalid();
      }
      const result = await deps.registration.loginWithCode(resident.mobile, code, meta);
      return asKioskSession(result, meta, 'sms');
    },

    async loginWithServiceCode(code: string, meta: RequestMeta) {
      if (!deps.scanServiceCode) throw KioskErrors.serviceCodeUnavailable();
      const scanned = await deps.scanServiceCode(
        KIOSK_SCANNER_ACTOR,
        { requestId: meta.requestId, ip: meta.ip },
        { code, purpose: '自助终端登录' },
      );
      if (scanned.holderType !== 'person' || scanned.identifierType !== 'id_number' || !scanned.identifier)
        throw KioskErrors.personalCodeOnly();
      const resident = await residentByIdNumber(scanned.identifier);
      if (!resident || resident.status !== 'active') {
        await refused(meta, resident ? 'account disabled' : 'no resident account', 'service-code');
        throw KioskErrors.noAccount();
      }
      const result = await deps.sessions.loginAccount(resident.accountId, meta, 'service-code');
      return asKioskSession(result, meta, 'service-code');
    },
  };
}

export type KioskService = ReturnType<typeof createKioskService>;

const idNumber = z.string().trim().min(15).max(18);
const authenticated = z.object({ status: z.literal('authenticated'), session: sessionView });

/** Routes of the self-service terminals, under /api/v1/session/kiosk. */
export function kioskRoutes(deps: {
  kiosk: KioskService;
  cookieSecure: boolean;
  loginRateLimitPerMinute: number;
}): FastifyPluginAsyncZod {
  const limit = { rateLimit: { max: deps.loginRateLimitPerMinute, timeWindow: 60_000 } };
  return async (app) => {
    const signIn = (
      reply: { setCookie: (name: string, value: string, opts: Record<string, unknown>) => unknown },
      r: { token: string; session: SessionView },
    ) => {
      reply.setCookie(SESSION_COOKIE, r.token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: deps.cookieSecure,
        maxAge: KIOSK_ABSOLUTE_SECONDS,
      });
      return { status: 'authenticated' as const, session: r.session };
    };

    app.post(
      '/session/kiosk/code',
      {
        config: limit,
        schema: {
          tags: ['session'],
          summary: '自助终端：获取登录短信验证码 · Kiosk: SMS code by ID number',
          description:
            'Sends a one-time code to the mobile number on file for the 公民身份号码. Always 202 with ' +
            'the same body, whether or not the ID number has an account (no enumeration).',
          body: z.object({ idNumber }),
          response: {
            202: z.object({ expiresInSeconds: z.number(), resendAfterSeconds: z.number() }),
          },
        },
      },
      async (req, reply) => reply.status(202).send(await deps.kiosk.requestCode(req.body.idNumber)),
    );

    app.post(
      '/session/kiosk/login',
      {
        config: limit,
        schema: {
          tags: ['session'],
          summary: '自助终端：身份证号+验证码登录 · Kiosk: sign in with ID number and SMS code',
          description: `A kiosk session: ${KIOSK_IDLE_SECONDS} s idle, ${KIOSK_ABSOLUTE_SECONDS} s at most.`,
          body: z.object({ idNumber, code: z.string().trim().max(6) }),
          response: { 200: authenticated },
        },
      },
      async (req, reply) =>
        signIn(reply, await deps.kiosk.loginWithCode(req.body.idNumber, req.body.code, metaOf(req))),
    );

    app.post(
      '/session/kiosk/service-code',
      {
        config: limit,
        schema: {
          tags: ['session'],
          summary: '自助终端：扫苏服码登录 · Kiosk: sign in with the 苏服码',
          description:
            'The string the kiosk scanner read (`SFM1:…`); verified like a counter scan, so the code ' +
            'is used up. Refusals are the service-code problems (`service_code.*`).',
          body: z.object({ code: z.string().max(1024) }),
          response: { 200: authenticated },
        },
      },
      async (req, reply) => signIn(reply, await deps.kiosk.loginWithServiceCode(req.body.code, metaOf(req))),
    );
  };
}
