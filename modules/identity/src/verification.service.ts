import type { Kysely } from 'kysely';
import {
  defineError,
  recordAudit,
  requirePermission,
  requireSignedIn,
  type Actor,
  type AnyDb,
} from '@sufu/kernel';
import { findDivision, maskIdNumber } from '@sufu/china-ids';
import type { IdentityTables } from './identity.tables.ts';
import { regionScope } from './scope.ts';
import type { RequestMeta } from './session.service.ts';

/**
 * Real-name level L3: verified face to face. A resident asks for it in the portal; the
 * request waits in the queue of the counters of their region; a clerk checks the
 * physical ID card, types its number (which must match the account's record) and
 * approves, or rejects with a note.
 */
export const VerificationErrors = {
  alreadyL3: defineError('verification.already_verified', 'conflict', {
    'zh-CN': '您已完成窗口实名核验（L3）。',
    en: 'You are already verified face to face (L3).',
  }),
  pending: defineError('verification.already_pending', 'conflict', {
    'zh-CN': '您已有待核验的申请，请携带身份证到政务服务窗口。',
    en: 'You already have a pending request; bring your ID card to a service counter.',
  }),
  notFound: defineError('verification.not_found', 'not_found', {
    'zh-CN': '核验申请不存在或不在您的管辖范围内。',
    en: 'No such request within your scope.',
  }),
  idMismatch: defineError('verification.id_mismatch', 'unprocessable', {
    'zh-CN': '录入的证件号码与账户实名信息不一致，不能核验通过。',
    en: 'The ID number typed does not match the account; the request cannot be approved.',
  }),
  noteRequired: defineError('verification.note_required', 'validation', {
    'zh-CN': '不予核验须填写原因。',
    en: 'A rejection needs a reason.',
  }),
};

export function createVerificationService(deps: { db: AnyDb }) {
  const db = deps.db as unknown as Kysely<IdentityTables>;
  const ctx = (actor: Actor, meta: RequestMeta) => ({ actor, requestId: meta.requestId, ip: meta.ip });

  return {
    async request(actor: Actor, meta: RequestMeta) {
      requireSignedIn(actor);
      const a = await db
        .selectFrom('identity.accounts as a')
        .innerJoin('identity.persons as p', 'p.id', 'a.person_id')
        .select(['a.id', 'a.real_name_level', 'p.id as person_id', 'p.region_code'])
        .where('a.id', '=', actor.accountId!)
        .executeTakeFirst();
      if (!a) throw VerificationErrors.notFound();
      if (a.real_name_level === 'L3') throw VerificationErrors.alreadyL3();
      const pending = await db
        .selectFrom('identity.verification_requests')
        .select('id')
        .where('account_id', '=', a.id)
        .where('status', '=', 'pending')
        .executeTakeFirst();
      if (pending) throw VerificationErrors.pending();
      const region = a.region_code.startsWith('32') ? a.region_code : '320000';
      return deps.db.transaction().execute(async (t) => {
        const row = await (t as unknown as Kysely<IdentityTables>)
          .insertInto('identity.verification_requests')
          .values({
            account_id: a.id,
            region_code: region,
            decided_by: null,
            decided_at: null,
            department_id: null,
            note: null,
          })
          .returning(['id', 'requested_at'])
          .executeTakeFirstOrThrow();
        await recordAudit(t, ctx(actor, meta), {
          action: 'verification.requested',
          resourceType: 'verification',
          resourceId: row.id,
          subjectRef: a.person_id,
        });
        return {
          id: row.id,
          status: 'pending' as const,
          requestedAt: row.requested_at.toISOString(),
          regionName: findDivision(region)?.name ?? null,
        };
      });
    },

    async mine(actor: Actor) {
      requireSignedIn(actor);
      const rows = await db
        .selectFrom('identity.verification_requests')
        .selectAll()
        .where('account_id', '=', actor.accountId!)
        .orderBy('requested_at', 'desc')
        .limit(10)
        .execute();
      return rows.map((r) => ({
        id: r.id,
        status: r.status,
        requestedAt: r.requested_at.toISOString(),
        decidedAt: r.decided_at?.toISOString() ?? null,
        note: r.note,
      }));
    },

    /** The counter's queue, limited to the clerk's region; the read of names is audited. */
    async queue(actor: Actor, meta: RequestMeta) {
      requirePermission(actor, 'identity.verify');
      const prefixes = regionScope(actor, 'identity.verify');
      let q = db
        .selectFrom('identity.verification_requests as v')
        .innerJoin('identity.accounts as a', 'a.id', 'v.account_id')
        .innerJoin('identity.persons as p', 'p.id', 'a.person_id')
        .select([
          'v.id',
          'v.requested_at',
          'v.region_code',
          'a.display_name',
          'a.real_name_level',
          'p.id_number',
          'p.id as person_id',
        ])
        .where('v.status', '=', 'pending');
      if (!prefixes.includes(''))
        q = q.where((w) => w.or(prefixes.map((p) => w('v.region_code', 'like', `${p}%`))));
      const rows = await q.orderBy('v.requested_at').limit(200).execute();
      if (rows.length) {
        await recordAudit(
          deps.db,
          ctx(actor, meta),
          ...rows.map((r) => ({
            action: 'person.record_read',
            resourceType: 'verification',
            resourceId: r.id,
            subjectRef: r.person_id,
            purpose: '窗口实名核验 (L3 verification queue)',
          })),
        );
      }
      return rows.map((r) => ({
        id: r.id,
        requestedAt: r.requested_at.toISOString(),
        regionCode: r.region_code,
        regionName: findDivision(r.region_code)?.name ?? null,
        name: r.display_name,
        idNumberMasked: maskIdNumber(r.id_number),
        realNameLevel: r.real_name_level,
      }));
    },

    async decide(
      actor: Actor,
      id: string,
      input: { decision: 'approve' | 'reject'; idNumber?: string | undefined; note?: string | undefined },
      meta: RequestMeta,
    ) {
      requirePermission(actor, 'identity.verify');
      const prefixes = regionScope(actor, 'identity.verify');
      const row = /^[0-9a-f-]{36}$/i.test(id)
        ? await db
            .selectFrom('identity.verification_requests as v')
            .innerJoin('identity.accounts as a', 'a.id', 'v.account_id')
            .innerJoin('identity.persons as p', 'p.id', 'a.person_id')
            .select([
              'v.id',
              'v.region_code',
              'v.status',
              'a.id as account_id',
              'p.id_number',
              'p.id as person_id',
            ])
            .where('v.id', '=', id)
            .executeTakeFirst()
        : undefined;
      if (
        !row ||
        row.status !== 'pending' ||
        (!prefixes.includes('') && !prefixes.some((p) => row.region_code.startsWith(p)))
      )
        throw VerificationErrors.notFound();
      if (input.decision === 'approve' && (input.idNumber ?? '').trim().toUpperCase() !== row.id_number)
        throw VerificationErrors.idMismatch();
      if (input.decision === 'reject' && !input.note?.trim()) throw VerificationErrors.noteRequired();
      const department = actor.grants.find((g) => g.role && g.departmentId)?.departmentId ?? null;
      await deps.db.transaction().execute(async (t) => {
        const trx = t as unknown as Kysely<IdentityTables>;
        await trx
          .updateTable('identity.verification_requests')
          .set({
            status: input.decision === 'approve' ? 'approved' : 'rejected',
            decided_by: actor.accountId,
            decided_at: new Date(),
            department_id: department,
            note: input.note?.trim() || null,
          })
          .where('id', '=', row.id)
          .execute();
        if (input.decision === 'approve')
          await trx
            .updateTable('identity.accounts')
            .set({ real_name_level: 'L3' })
            .where('id', '=', row.account_id)
            .execute();
        await recordAudit(t, ctx(actor, meta), {
          action: input.decision === 'approve' ? 'verification.approved' : 'verification.rejected',
          resourceType: 'verification',
          resourceId: row.id,
          subjectRef: row.person_id,
          purpose: '窗口实名核验',
        });
      });
      return {
        id: row.id,
        status: input.decision === 'approve' ? ('approved' as const) : ('rejected' as const),
      };
    },
  };
}

export type VerificationService = ReturnType<typeof createVerificationService>;
