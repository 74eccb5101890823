import { sql } from 'kysely';
import type { AnyDb } from '../db/database.ts';
import type { Actor } from '../auth/actor.ts';

/**
 * The audit trail: one append-only table written in the same transaction as every
 * state change and every read of personal data. The database refuses UPDATE, DELETE
 * and TRUNCATE on it (trigger plus revoked grants), so even the application cannot
 * rewrite history.
 */
export type AuditOutcome = 'success' | 'denied' | 'failure';

export type AuditEntry = {
  action: string;
  resourceType?: string | null;
  resourceId?: string | null;
  /** The data subject (an internal person/organisation id, never an ID number). */
  subjectRef?: string | null;
  purpose?: string | null;
  outcome?: AuditOutcome;
  details?: Record<string, unknown> | null;
};

export type AuditContext = {
  actor: Actor;
  requestId: string | null;
  ip?: string | null;
};

export type AuditRecord = {
  id: string;
  at: Date;
  actorId: string | null;
  actorKind: string;
  actorDisplay: string;
  actorRole: string | null;
  departmentId: string | null;
  regionCode: string | null;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  subjectRef: string | null;
  purpose: string | null;
  outcome: AuditOutcome;
  requestId: string | null;
  ip: string | null;
  details: Record<string, unknown> | null;
};

export type AuditTables = {
  'audit.trail': {
    id: string;
    at: Date;
    actor_id: string | null;
    actor_kind: string;
    actor_display: string;
    actor_role: string | null;
    department_id: string | null;
    region_code: string | null;
    action: string;
    resource_type: string | null;
    resource_id: string | null;
    subject_ref: string | null;
    purpose: string | null;
    outcome: AuditOutcome;
    request_id: string | null;
    ip: string | null;
    details: Record<string, unknown> | null;
  };
};

/** Writes audit rows; call it with the transaction that makes the change. */
export async function recordAudit(db: AnyDb, ctx: AuditContext, ...entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const primary = ctx.actor.grants[0];
  await (db as unknown as import('kysely').Kysely<AuditTables>)
    .insertInto('audit.trail')
    .values(
      entries.map((e) => ({
        actor_id: ctx.actor.accountId,
        actor_kind: ctx.actor.kind,
        actor_display: ctx.actor.display,
        actor_role: primary?.role ?? null,
        department_id: primary?.departmentId ?? null,
        region_code: primary?.regionCode ?? null,
        action: e.action,
        resource_type: e.resourceType ?? null,
        resource_id: e.resourceId ?? null,
        subject_ref: e.subjectRef ?? null,
        purpose: e.purpose ?? null,
        outcome: e.outcome ?? 'success',
        request_id: ctx.requestId,
        ip: ctx.ip ?? null,
        details: (() => {
          // Who else stood behind the act: the client system, the represented organisation.
          const extra = {
            ...(ctx.actor.client ? { clientId: ctx.actor.client.clientId } : {}),
            ...(ctx.actor.actingFor ? { actingFor: ctx.actor.actingFor.organisationId } : {}),
          };
          const merged = e.details || Object.keys(extra).length ? { ...(e.details ?? {}), ...extra } : null;
          return merged ? sql`${JSON.stringify(merged)}::jsonb` : null;
        })(),
      })) as never,
    )
    .execute();
}

export type AuditQuery = {
  from?: Date | undefined;
  to?: Date | undefined;
  action?: string | undefined;
  actorId?: string | undefined;
  subjectRef?: string | undefined;
  /** Return rows with id below this (newest first paging). */
  beforeId?: string | undefined;
  limit: number;
};

function toRecord(r: AuditTables['audit.trail']): AuditRecord {
  return {
    id: r.id,
    at: r.at,
    actorId: r.actor_id,
    actorKind: r.actor_kind,
    actorDisplay: r.actor_display,
    actorRole: r.actor_role,
    departmentId: r.department_id,
    regionCode: r.region_code,
    action: r.action,
    resourceType: r.resource_type,
    resourceId: r.resource_id,
    subjectRef: r.subject_ref,
    purpose: r.purpose,
    outcome: r.outcome,
    requestId: r.request_id,
    ip: r.ip,
    details: r.details,
  };
}

/** Reads the trail newest first; the caller checks who may read it and audits the read. */
export async function queryAudit(db: AnyDb, q: AuditQuery): Promise<AuditRecord[]> {
  let query = (db as unknown as import('kysely').Kysely<AuditTables>).selectFrom('audit.trail').selectAll();
  if (q.from) query = query.where('at', '>=', q.from);
  if (q.to) query = query.where('at', '<', q.to);
  if (q.action) query = query.where('action', '=', q.action);
  if (q.actorId) query = query.where('actor_id', '=', q.actorId);
  if (q.subjectRef) query = query.where('subject_ref', '=', q.subjectRef);
  if (q.beforeId) query = query.where('id', '<', q.beforeId);
  const rows = await query.orderBy('id', 'desc').limit(q.limit).execute();
  return rows.map(toRecord);
}

/** Streams the trail oldest first in pages, for export without loading it all. */
export async function* streamAudit(
  db: AnyDb,
  q: { from?: Date | undefined; to?: Date | undefined; pageSize?: number },
): AsyncGenerator<AuditRecord> {
  let after = '0';
  const pageSize = q.pageSize ?? 1000;
  for (;;) {
    let query = (db as unknown as import('kysely').Kysely<AuditTables>)
      .selectFrom('audit.trail')
      .selectAll()
      .where(sql<boolean>`id > ${after}::bigint`);
    if (q.from) query = query.where('at', '>=', q.from);
    if (q.to) query = query.where('at', '<', q.to);
    const rows = await query.orderBy('id', 'asc').limit(pageSize).execute();
    for (const r of rows) yield toRecord(r);
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.id;
  }
}
