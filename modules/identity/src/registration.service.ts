import { randomInt } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import { hmacSm3Hex, constantTimeEqual } from '@sufu/gm-crypto';
import { anonymousActor, defineError, recordAudit, type AnyDb, type SmsSender } from '@sufu/kernel';
import { validateIdNumber, validateMobile } from '@sufu/china-ids';
import type { IdentityTables } from './identity.tables.ts';
import { IdentityErrors } from './identity.errors.ts';
import { hashPassword, passwordPolicyProblems } from './password.ts';
import type { RequestMeta, SessionService } from './session.service.ts';

/**
 * Real-name registration and sign-in by one-time code. A resident proves the mobile
 * number with a code sent by SMS; name and 公民身份号码 are checked against the
 * population library: a match gives real-name level L2, an ID number the library does
 * not hold gives L1 (self-declared), a mismatch is refused. L3 comes later, face to face
 * at a counter.
 */
export const RegistrationErrors = {
  badMobile: defineError('registration.invalid_mobile', 'validation', {
    'zh-CN': '手机号码格式不正确。',
    en: 'The mobile number is not valid.',
  }),
  badIdNumber: defineError('registration.invalid_id_number', 'validation', {
    'zh-CN': '公民身份号码不正确。',
    en: 'The citizen ID number is not valid.',
  }),
  tooSoon: defineError('otp.too_soon', 'rate_limited', {
    'zh-CN': '验证码发送过于频繁，请稍后再试。',
    en: 'A code was sent recently; wait before asking again.',
  }),
  otpInvalid: defineError('otp.invalid', 'unauthenticated', {
    'zh-CN': '短信验证码错误或已过期。',
    en: 'The SMS code is wrong or has expired.',
  }),
  identityMismatch: defineError('registration.identity_mismatch', 'unprocessable', {
    'zh-CN': '姓名与公民身份号码不一致，请核对后重试；如有疑问请到政务服务窗口办理实名核验。',
    en: 'The name does not match the ID number; check them, or verify your identity at a service counter.',
  }),
  alreadyRegistered: defineError('registration.already_registered', 'conflict', {
    'zh-CN': '该身份证号码或手机号码已注册，请直接登录或找回密码。',
    en: 'This ID number or mobile number is already registered; sign in instead.',
  }),
  smsFailed: defineError('otp.send_failed', 'unavailable', {
    'zh-CN': '短信发送失败，请稍后再试。',
    en: 'The SMS could not be sent; try again later.',
  }),
};

const OTP_TTL_SECONDS = 300;
const RESEND_AFTER_SECONDS = 60;
const MAX_PER_HOUR = 5;
const MAX_ATTEMPTS = 5;

export function createRegistrationService(deps: {
  db: AnyDb;
  secretKey: Buffer;
  sms: SmsSender;
  sessions: SessionService;
}) {
  const db = deps.db as unknown as Kysely<IdentityTables>;
  const mobileDigest = (mobile: string) => hmacSm3Hex(deps.secretKey, `otp-mobile:${mobile}`);
  const codeDigest = (id: string, code: string) => hmacSm3Hex(deps.secretKey, `otp-code:${id}:${code}`);

  function normaliseMobile(raw: string) {
    const v = validateMobile(raw);
    if (!v.ok) throw RegistrationErrors.badMobile({ detail: v.message });
    return v.value;
  }

  async function issue(purpose: 'register' | 'login', mobile: string, send: boolean) {
    const digest = mobileDigest(mobile);
    const recent = await db
      .selectFrom('identity.otp_challenges')
      .select(['created_at'])
      .where('mobile_digest', '=', digest)
      .where('created_at', '>', new Date(Date.now() - 3600_000))
      .orderBy('created_at', 'desc')
      .execute();
    if (recent[0] && Date.now() - recent[0].created_at.getTime() < RESEND_AFTER_SECONDS * 1000) {
      throw RegistrationErrors.tooSoon({ headers: { 'retry-after': String(RESEND_AFTER_SECONDS) } });
    }
    if (recent.length >= MAX_PER_HOUR)
      throw RegistrationErrors.tooSoon({ headers: { 'retry-after': '3600' } });
    const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
    const row = await db
      .insertInto('identity.otp_challenges')
      .values({
        purpose,
        mobile_digest: digest,
        code_digest: 'pending',
        expires_at: new Date(Date.now() + OTP_TTL_SECONDS * 1000),
        consumed_at: null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('identity.otp_challenges')
      .set({ code_digest: codeDigest(row.id, code) })
      .where('id', '=', row.id)
      .execute();
    if (send) {
      try {
        await deps.sms.send({
          to: mobile,
          template: purpose === 'register' ? 'otp.register' : 'otp.login',
          params: { code, minutes: String(OTP_TTL_SECONDS / 60) },
          text: `【苏服办】您的${purpose === 'register' ? '注册' : '登录'}验证码为 ${code}，${OTP_TTL_SECONDS / 60} 分钟内有效。请勿将验证码告诉他人。`,
        });
      } catch {
        throw RegistrationErrors.smsFailed();
      }
    }
    return { expiresInSeconds: OTP_TTL_SECONDS, resendAfterSeconds: RESEND_AFTER_SECONDS };
  }

  /** Checks and consumes a code; wrong codes count towards a small limit per challenge. */
  async function consume(
    trx: Kysely<IdentityTables>,
    purpose: 'register' | 'login',
    mobile: string,
    code: string,
  ) {
    const c = await trx
      .selectFrom('identity.otp_challenges')
      .selectAll()
      .where('mobile_digest', '=', mobileDigest(mobile))
      .where('purpose', '=', purpose)
      .where('consumed_at', 'is', null)
      .where('expires_at', '>', new Date())
      .orderBy('created_at', 'desc')
      .forUpdate()
      .executeTakeFirst();
    if (!c || c.attempts >= MAX_ATTEMPTS) return false;
    const ok =
      /^\d{6}$/.test(code) &&
      constantTimeEqual(Buffer.from(codeDigest(c.id, code)), Buffer.from(c.code_digest));
    await trx
      .updateTable('identity.otp_challenges')
      .set(ok ? { consumed_at: new Date() } : { attempts: sql`attempts + 1` })
      .where('id', '=', c.id)
      .execute();
    return ok;
  }

  return {
    async requestCode(purpose: 'register' | 'login', rawMobile: string) {
      const mobile = normaliseMobile(rawMobile);
      if (purpose === 'login') {
        // Same answer whether or not the number has an account: no account enumeration.
        const has = await db
          .selectFrom('identity.accounts as a')
          .innerJoin('identity.persons as p', 'p.id', 'a.person_id')
          .select('a.id')
          .where('p.mobile', '=', mobile)
          .where('a.status', '=', 'active')
          .executeTakeFirst();
        return issue('login', mobile, !!has);
      }
      return issue('register', mobile, true);
    },

    async register(
      input: { name: string; idNumber: string; mobile: string; code: string; password: string },
      meta: RequestMeta,
    ) {
      const mobile = normaliseMobile(input.mobile);
      const id = validateIdNumber(input.idNumber);
      if (!id.ok) throw RegistrationErrors.badIdNumber({ detail: id.message });
      if (passwordPolicyProblems(input.password).length) throw IdentityErrors.passwordPolicy();
      const name = input.name.trim();
      const hash = await hashPassword(input.password);
      const result = await deps.db.transaction().execute(async (t) => {
        const trx = t as unknown as Kysely<IdentityTables>;
        if (!(await consume(trx, 'register', mobile, input.code))) return { error: 'otp' as const };
        const person = await trx
          .selectFrom('identity.persons')
          .selectAll()
          .where('id_number', '=', id.value)
          .executeTakeFirst();
        if (person && person.name !== name) return { error: 'mismatch' as const, personId: person.id };
        const taken = await trx
          .selectFrom('identity.accounts as a')
          .leftJoin('identity.persons as p', 'p.id', 'a.person_id')
          .select('a.id')
          .where((w) =>
            w.or([
              w('p.id_number', '=', id.value),
              w('p.mobile', '=', mobile),
              w(sql`lower(a.username)`, '=', mobile),
            ]),
          )
          .executeTakeFirst();
        if (taken) return { error: 'taken' as const };
        const mobileOwner = await trx
          .selectFrom('identity.persons')
          .select('id')
          .where('mobile', '=', mobile)
          .executeTakeFirst();
        let personId: string;
        if (person) {
          personId = person.id;
          if (!mobileOwner)
            await trx.updateTable('identity.persons').set({ mobile }).where('id', '=', person.id).execute();
        } else {
          const created = await trx
            .insertInto('identity.persons')
            .values({
              id_number: id.value,
              name,
              sex: id.sex,
              birth_date: id.birthDate,
              region_code: id.regionCode,
              mobile: mobileOwner ? null : mobile,
              source: 'self_declared',
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          personId = created.id;
        }
        const level = person ? ('L2' as const) : ('L1' as const);
        const account = await trx
          .insertInto('identity.accounts')
          .values({
            kind: 'person',
            username: mobile,
            display_name: name,
            person_id: personId,
            department_id: null,
            region_code: id.regionCode.startsWith('32') ? id.regionCode : null,
            password_hash: hash,
            locked_until: null,
            totp_secret_sealed: null,
            totp_enrolled_at: null,
            totp_last_counter: null,
            real_name_level: level,
            last_login_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('identity.account_roles')
          .values({
            account_id: account.id,
            role: 'resident',
            department_id: null,
            region_code: null,
            granted_by: null,
          })
          .execute();
        await recordAudit(
          t,
          {
            actor: { ...anonymousActor, accountId: account.id, kind: 'person', display: name },
            requestId: meta.requestId,
            ip: meta.ip,
          },
          {
            action: 'account.registered',
            resourceType: 'account',
            resourceId: account.id,
            subjectRef: personId,
            purpose: 'real-name registration',
            details: {
              realNameLevel: level,
              checkedAgainst: person ? 'population library' : 'none (not in library)',
            },
          },
        );
        return { accountId: account.id, level };
      });
      if ('error' in result) {
        if (result.error === 'otp') throw RegistrationErrors.otpInvalid();
        if (result.error === 'taken') throw RegistrationErrors.alreadyRegistered();
        await recordAudit(
          deps.db,
          { actor: anonymousActor, requestId: meta.requestId, ip: meta.ip },
          {
            action: 'account.registration_refused',
            subjectRef: result.personId,
            outcome: 'denied',
            details: { reason: 'name does not match ID number' },
          },
        );
        throw RegistrationErrors.identityMismatch();
      }
      return deps.sessions.loginAccount(result.accountId, meta, 'password+sms');
    },

    async loginWithCode(rawMobile: string, code: string, meta: RequestMeta) {
      const mobile = normaliseMobile(rawMobile);
      const accountId = await deps.db.transaction().execute(async (t) => {
        const trx = t as unknown as Kysely<IdentityTables>;
        if (!(await consume(trx, 'login', mobile, code))) return null;
        const a = await trx
          .selectFrom('identity.accounts as a')
          .innerJoin('identity.persons as p', 'p.id', 'a.person_id')
          .select(['a.id', 'a.status'])
          .where('p.mobile', '=', mobile)
          .executeTakeFirst();
        return a && a.status === 'active' ? a.id : null;
      });
      if (!accountId) {
        await recordAudit(
          deps.db,
          { actor: anonymousActor, requestId: meta.requestId, ip: meta.ip },
          { action: 'auth.login_failed', outcome: 'failure', details: { factor: 'sms' } },
        );
        throw RegistrationErrors.otpInvalid();
      }
      return deps.sessions.loginAccount(accountId, meta, 'sms');
    },
  };
}

export type RegistrationService = ReturnType<typeof createRegistrationService>;
