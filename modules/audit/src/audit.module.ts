import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import {
  queryAudit,
  recordAudit,
  requirePermission,
  streamAudit,
  type Actor,
  type AnyDb,
  type AuditRecord,
} from '@sufu/kernel';

/**
 * The auditor's view of the audit trail: search newest first and export (CSV or JSON
 * lines) for a period. Reading and exporting the trail are themselves audited. The
 * auditor sees only the region of their grant.
 */
export type AuditScope = (actor: Actor, permission: string) => string[];

// PostgreSQL timestamps cover years 4713 BC to 294276 AD; the trail starts in this century.
const boundedDate = z.coerce
  .date()
  .min(new Date('2000-01-01T00:00:00Z'))
  .max(new Date('2100-01-01T00:00:00Z'));

const record = z.object({
  id: z.string(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorDisplay: z.string(),
  actorRole: z.string().nullable(),
  departmentId: z.string().nullable(),
  departmentName: z.string().nullable(),
  regionCode: z.string().nullable(),
  action: z.string(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  subjectRef: z.string().nullable(),
  purpose: z.string().nullable(),
  outcome: z.string(),
  requestId: z.string().nullable(),
});

const CSV_COLUMNS = [
  'id',
  'at',
  'actorId',
  'actorKind',
  'actorDisplay',
  'actorRole',
  'departmentId',
  'regionCode',
  'action',
  'resourceType',
  'resourceId',
  'subjectRef',
  'purpose',
  'outcome',
  'requestId',
  'ip',
] as const;

function csvCell(v: unknown): string {
  let s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
  // Neutralise spreadsheet formulas (CSV injection).
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function auditCsvHeader(): string {
  return `${CSV_COLUMNS.join(',')}\n`;
}

export function auditCsvLine(r: AuditRecord): string {
  return `${CSV_COLUMNS.map((c) => csvCell(r[c])).join(',')}\n`;
}

export function auditJsonLine(r: AuditRecord): string {
  return `${JSON.stringify({ ...r, at: r.at.toISOString() })}\n`;
}

/** Writes the trail for a period to a sink, oldest first; used by the API and the CLI. */
export async function exportAudit(
  db: AnyDb,
  q: {
    from?: Date | undefined;
    to?: Date | undefined;
    format: 'csv' | 'jsonl';
    inScope?: (r: AuditRecord) => boolean;
  },
  write: (chunk: string) => void | Promise<void>,
): Promise<number> {
  let n = 0;
  if (q.format === 'csv') await write(auditCsvHeader());
  for await (const r of streamAudit(db, { from: q.from, to: q.to })) {
    if (q.inScope && !q.inScope(r)) continue;
    await write(q.format === 'csv' ? auditCsvLine(r) : auditJsonLine(r));
    n++;
  }
  return n;
}

export function createAuditModule(deps: {
  db: AnyDb;
  scope: AuditScope;
  departmentNames(ids: string[]): Promise<Map<string, string>>;
}) {
  const withinScope = (prefixes: string[]) => (r: AuditRecord) =>
    prefixes.includes('') || (!!r.regionCode && prefixes.some((p) => r.regionCode!.startsWith(p)));

  const routes: FastifyPluginAsyncZod = async (app) => {
    app.get(
      '/audit',
      {
        schema: {
          tags: ['audit'],
          summary: '审计日志 · Audit trail',
          querystring: z.object({
            from: boundedDate.optional(),
            to: boundedDate.optional(),
            action: z.string().max(80).optional(),
            actorId: z.string().uuid().optional(),
            cursor: z
              .string()
              .regex(/^\d{1,18}$/)
              .optional(),
            pageSize: z.coerce.number().int().min(1).max(200).default(50),
          }),
          response: { 200: z.object({ items: z.array(record), nextCursor: z.string().nullable() }) },
        },
      },
      async (req) => {
        requirePermission(req.actor, 'audit.read');
        const prefixes = deps.scope(req.actor, 'audit.read');
        const inScope = withinScope(prefixes);
        const items: AuditRecord[] = [];
        let cursor = req.query.cursor;
        let exhausted = false;
        // Filter by region in pages so a narrow scope still fills a page.
        while (items.length <= req.query.pageSize && !exhausted) {
          const rows = await queryAudit(deps.db, {
            from: req.query.from,
            to: req.query.to,
            action: req.query.action,
            actorId: req.query.actorId,
            beforeId: cursor,
            limit: 500,
          });
          exhausted = rows.length < 500;
          for (const r of rows) if (inScope(r)) items.push(r);
          cursor = rows[rows.length - 1]?.id;
          if (!cursor) exhausted = true;
        }
        const page = items.slice(0, req.query.pageSize);
        await recordAudit(
          deps.db,
          { actor: req.actor, requestId: String(req.id), ip: req.ip },
          {
            action: 'audit.read',
            resourceType: 'audit_trail',
            details: {
              filters: { action: req.query.action ?? null, actorId: req.query.actorId ?? null },
              rows: page.length,
            },
          },
        );
        const names = await deps.departmentNames(
          page.map((r) => r.departmentId).filter((d): d is string => !!d),
        );
        return {
          items: page.map((r) => ({
            id: r.id,
            at: r.at.toISOString(),
            actorId: r.actorId,
            actorDisplay: r.actorDisplay,
            actorRole: r.actorRole,
            departmentId: r.departmentId,
            departmentName: r.departmentId ? (names.get(r.departmentId) ?? null) : null,
            regionCode: r.regionCode,
            action: r.action,
            resourceType: r.resourceType,
            resourceId: r.resourceId,
            subjectRef: r.subjectRef,
            purpose: r.purpose,
            outcome: r.outcome,
            requestId: r.requestId,
          })),
          nextCursor: items.length > req.query.pageSize ? page[page.length - 1]!.id : null,
        };
      },
    );

    app.get(
      '/audit/export',
      {
        schema: {
          tags: ['audit'],
          summary: '导出审计日志 · Export the audit trail',
          querystring: z.object({
            from: boundedDate.optional(),
            to: boundedDate.optional(),
            format: z.enum(['csv', 'jsonl']).default('csv'),
          }),
        },
      },
      async (req, reply) => {
        requirePermission(req.actor, 'audit.export');
        const prefixes = deps.scope(req.actor, 'audit.export');
        await recordAudit(
          deps.db,
          { actor: req.actor, requestId: String(req.id), ip: req.ip },
          {
            action: 'audit.exported',
            resourceType: 'audit_trail',
            details: {
              format: req.query.format,
              from: req.query.from?.toISOString() ?? null,
              to: req.query.to?.toISOString() ?? null,
            },
          },
        );
        const chunks: string[] = [];
        await exportAudit(
          deps.db,
          {
            from: req.query.from,
            to: req.query.to,
            format: req.query.format,
            inScope: withinScope(prefixes),
          },
          (c) => {
            chunks.push(c);
          },
        );
        const stamp = new Date().toISOString().slice(0, 19).replaceAll(':', '');
        return reply
          .header(
            'content-type',
            req.query.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
          )
          .header('content-disposition', `attachment; filename="sufu-audit-${stamp}.${req.query.format}"`)
          .send((req.query.format === 'csv' ? '\ufeff' : '') + chunks.join(''));
      },
    );
  };
  return { routes };
}
