import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely, Selectable } from 'kysely';
import { z } from 'zod';
import { CommonErrors, recordAudit, requirePermission, type AnyDb } from '@sufu/kernel';
import * as S from './schemas.ts';
import { maskPersonName } from './cards.ts';
import type { KeyStore } from './keys.ts';
import { qrPngDataUrl, qrSvg } from './qr.ts';
import type { ScannerStore } from './scanners.ts';
import type { RequestInfo, ServiceCodeService } from './service.ts';
import type { ScannerProfile, ServiceCodeTables } from './tables.ts';
import { ServiceCodeErrors } from './errors.ts';

/** Hook for the SSO module: issue client credentials for a new scanner device. */
export type RegisterScannerClient = (
  input: {
    scannerId: string;
    name: string;
    departmentId: string | null;
    profile: ScannerProfile;
  },
  trx: AnyDb,
) => Promise<{ clientId: string; clientSecret?: string | undefined }>;

export type RouteDeps = {
  db: AnyDb;
  service: ServiceCodeService;
  keys: KeyStore;
  scanners: ScannerStore;
  departmentNames(ids: string[]): Promise<Map<string, string>>;
  registerClient?: RegisterScannerClient | undefined;
  lifetimeSeconds: number;
};

const info = (req: FastifyRequest): RequestInfo => ({ requestId: String(req.id), ip: req.ip ?? null });
const TAGS = ['service-code'];

/** Routes under /api/v1: the holder's code, scans and cards; verification; the console. */
export function serviceCodeRoutes(deps: RouteDeps): FastifyPluginAsyncZod {
  async function scannerViews(rows: Selectable<ServiceCodeTables['service_code.scanners']>[]) {
    const names = await deps.departmentNames([
      ...new Set(rows.map((r) => r.department_id).filter((d): d is string => !!d)),
    ]);
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      location: r.location,
      departmentId: r.department_id,
      departmentName: r.department_id ? (names.get(r.department_id) ?? null) : null,
      operatorName: r.operator_name,
      profile: r.profile,
      clientId: r.client_id,
      status: r.status,
      createdAt: r.created_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    }));
  }

  async function checkDepartment(id: string | null | undefined) {
    if (!id) return;
    const names = await deps.departmentNames([id]);
    if (!names.has(id))
      throw CommonErrors.validation({
        errors: [{ path: 'departmentId', message: { 'zh-CN': '部门不存在。', en: 'No such department.' } }],
      });
  }

  return async (app) => {
    app.post(
      '/service-code/me',
      {
        schema: {
          tags: TAGS,
          summary: '出示苏服码 · Show my service code',
          description:
            'Issues a fresh code (default lifetime 60 s; refresh after `refreshAfterSeconds`). `as=organisation&orgId=` ' +
            'issues the enterprise code for a legal representative or authorised agent. `offline=1..4` adds follow-up ' +
            'codes valid in consecutive windows, for showing the code briefly without network.',
          querystring: S.issueQuery,
          response: { 200: S.issueResponse },
        },
      },
      async (req, reply) => {
        const r = await deps.service.issue(req.actor, info(req), req.query);
        reply.header('cache-control', 'no-store');
        const image = req.query.image;
        return {
          ...r.current,
          refreshAfterSeconds: Math.floor(deps.lifetimeSeconds / 2),
          lifetimeSeconds: deps.lifetimeSeconds,
          holder: {
            type: r.holder.type,
            nameMasked: r.holder.type === 'person' ? maskPersonName(r.holder.name) : r.holder.name,
          },
          qrSvg: image === 'svg' ? qrSvg(r.current.code) : null,
          qrPngDataUrl: image === 'png' ? await qrPngDataUrl(r.current.code) : null,
          offlineCodes: r.offline,
        };
      },
    );

    app.get(
      '/service-code/me/scans',
      {
        schema: {
          tags: TAGS,
          summary: '我的扫码记录 · Where my code was scanned',
          querystring: S.scansQuery,
          response: { 200: S.scansResponse },
        },
      },
      async (req) => deps.service.myScans(req.actor, info(req), req.query),
    );

    app.get(
      '/service-code/me/cards',
      {
        schema: { tags: TAGS, summary: '我的卡码融合 · My linked cards', response: { 200: S.cardsResponse } },
      },
      async (req) => deps.service.listCards(req.actor, info(req)),
    );

    app.post(
      '/service-code/me/cards',
      {
        schema: {
          tags: TAGS,
          summary: '绑定卡证 · Link a card',
          body: S.linkCardBody,
          response: { 201: S.card },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await deps.service.linkCard(req.actor, info(req), req.body)),
    );

    app.delete(
      '/service-code/me/cards/:id',
      {
        schema: {
          tags: TAGS,
          summary: '解除绑定 · Unlink a card',
          params: S.idParams,
          response: { 204: z.null() },
        },
      },
      async (req, reply) => {
        await deps.service.unlinkCard(req.actor, info(req), req.params.id);
        return reply.status(204).send(null);
      },
    );

    app.post(
      '/service-code/verify',
      {
        schema: {
          tags: TAGS,
          summary: '核验苏服码 · Verify a scanned code',
          description:
            'For scanner systems signed in with client credentials (bearer), or clerks with `service-code.scan`. ' +
            'What is released depends on the scanner profile (gate: masked name; counter: identity, single use; ' +
            'medical / transport / social-security: the linked card number). Every scan is logged; refusals ' +
            'have distinct `service_code.*` problem codes and release nothing.',
          body: S.verifyBody,
          response: { 200: S.verifyResponse },
        },
      },
      async (req, reply) => {
        reply.header('cache-control', 'no-store');
        return deps.service.verify(req.actor, info(req), req.body);
      },
    );

    app.get(
      '/admin/service-code/scanners',
      {
        schema: {
          tags: TAGS,
          summary: '扫码设备 · Scanner devices',
          querystring: S.scannersQuery,
          response: { 200: S.scannersResponse },
        },
      },
      async (req) => {
        requirePermission(req.actor, 'service-code.scanners.manage');
        return { items: await scannerViews(await deps.scanners.list(req.query)) };
      },
    );

    app.post(
      '/admin/service-code/scanners',
      {
        schema: {
          tags: TAGS,
          summary: '登记扫码设备 · Register a scanner device',
          body: S.createScannerBody,
          response: { 201: S.createScannerResponse },
        },
      },
      async (req, reply) => {
        requirePermission(req.actor, 'service-code.scanners.manage');
        const b = req.body;
        await checkDepartment(b.departmentId);
        const created = await deps.db.transaction().execute(async (t) => {
          const trx = t as unknown as Kysely<ServiceCodeTables>;
          let row = await trx
            .insertInto('service_code.scanners')
            .values({
              name: b.name,
              location: b.location,
              department_id: b.departmentId ?? null,
              operator_name: b.operatorName ?? null,
              profile: b.profile,
              client_id: b.clientId ?? null,
              status: b.status ?? 'active',
            })
            .returningAll()
            .executeTakeFirstOrThrow();
          let clientSecret: string | null = null;
          if (b.registerClient && !b.clientId && deps.registerClient) {
            const reg = await deps.registerClient(
              {
                scannerId: row.id,
                name: b.name,
                departmentId: b.departmentId ?? null,
                profile: b.profile,
              },
              trx,
            );
            clientSecret = reg.clientSecret ?? null;
            row = await trx
              .updateTable('service_code.scanners')
              .set({ client_id: reg.clientId })
              .where('id', '=', row.id)
              .returningAll()
              .executeTakeFirstOrThrow();
          }
          await recordAudit(
            trx,
            { actor: req.actor, requestId: String(req.id), ip: req.ip },
            {
              action: 'service-code.scanner_created',
              resourceType: 'service-code-scanner',
              resourceId: row.id,
              details: {
                name: row.name,
                profile: row.profile,
                clientId: row.client_id,
                departmentId: row.department_id,
              },
            },
          );
          return { row, clientSecret };
        });
        deps.scanners.invalidate();
        const [view] = await scannerViews([created.row]);
        return reply.status(201).send({ ...view!, clientSecret: created.clientSecret });
      },
    );

    app.put(
      '/admin/service-code/scanners/:id',
      {
        schema: {
          tags: TAGS,
          summary: '修改扫码设备 · Change a scanner device',
          params: S.idParams,
          body: S.updateScannerBody,
          response: { 200: S.scanner },
        },
      },
      async (req) => {
        requirePermission(req.actor, 'service-code.scanners.manage');
        const b = req.body;
        await checkDepartment(b.departmentId);
        const row = await deps.db.transaction().execute(async (t) => {
          const trx = t as unknown as Kysely<ServiceCodeTables>;
          const updated = await trx
            .updateTable('service_code.scanners')
            .set({
              ...(b.name !== undefined ? { name: b.name } : {}),
              ...(b.location !== undefined ? { location: b.location } : {}),
              ...(b.departmentId !== undefined ? { department_id: b.departmentId } : {}),
              ...(b.operatorName !== undefined ? { operator_name: b.operatorName } : {}),
              ...(b.profile !== undefined ? { profile: b.profile } : {}),
              ...(b.clientId !== undefined ? { client_id: b.clientId } : {}),
              ...(b.status !== undefined ? { status: b.status } : {}),
              updated_at: new Date(),
            })
            .where('id', '=', req.params.id)
            .returningAll()
            .executeTakeFirst();
          if (!updated) throw ServiceCodeErrors.scannerNotFound();
          await recordAudit(
            trx,
            { actor: req.actor, requestId: String(req.id), ip: req.ip },
            {
              action: 'service-code.scanner_updated',
              resourceType: 'service-code-scanner',
              resourceId: updated.id,
              details: { changed: Object.keys(b) },
            },
          );
          return updated;
        });
        deps.scanners.invalidate();
        return (await scannerViews([row]))[0]!;
      },
    );

    app.get(
      '/admin/service-code/keys',
      {
        schema: { tags: TAGS, summary: '苏服码签名密钥 · Signing keys', response: { 200: S.keysResponse } },
      },
      async (req) => {
        requirePermission(req.actor, 'service-code.keys.manage');
        const rows = await deps.keys.list();
        return {
          items: rows.map((r) => ({
            kid: r.kid,
            status: r.status,
            publicKeyHex: r.public_key_hex,
            notBefore: r.not_before.toISOString(),
            activatedAt: r.activated_at?.toISOString() ?? null,
            retiredAt: r.retired_at?.toISOString() ?? null,
            notAfter: r.not_after?.toISOString() ?? null,
            createdAt: r.created_at.toISOString(),
          })),
        };
      },
    );

    app.post(
      '/admin/service-code/keys/rotate',
      {
        schema: {
          tags: TAGS,
          summary: '轮换签名密钥 · Rotate the signing key',
          body: S.rotateBody,
          response: { 200: S.rotateResponse },
        },
      },
      async (req) => {
        requirePermission(req.actor, 'service-code.keys.manage');
        return deps.keys.rotate(
          { actor: req.actor, requestId: String(req.id), ip: req.ip },
          req.body.overlapSeconds,
        );
      },
    );
  };
}

/** `GET /.well-known/service-code-keys`: public, cacheable, for online and offline verifiers. */
export function serviceCodeWellKnownRoutes(deps: { keys: KeyStore }): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/.well-known/service-code-keys',
      {
        schema: {
          tags: TAGS,
          summary: '苏服码验签公钥 · Service-code verification keys',
          description:
            'SM2 public keys (SPKI PEM and 04‖x‖y hex) with key ids and validity. Verify `SFM1:` codes offline: ' +
            'Base45-decode, SM2-verify bytes 0..45 against the raw r‖s in bytes 46..109 with SM3 and user ID ' +
            '1234567812345678, then check iat/exp (bytes 30..37) with the given clock skew.',
          response: { 200: S.publishedKeys },
        },
      },
      async (_req, reply) => {
        reply.header('cache-control', 'public, max-age=300');
        reply.header('access-control-allow-origin', '*');
        return deps.keys.published();
      },
    );
  };
}
