import type { FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { CommonErrors, requirePermission, type Actor, type AuditContext } from '@sufu/kernel';
import * as S from './sso.schemas.ts';
import type { ClientInput, ClientRecord, ClientStore } from './clients.ts';
import type { KeyManager } from './keys.ts';
import type { SsoDepartments, SsoRegionScope } from './ports.ts';
import { SsoErrors } from './sso.errors.ts';

/**
 * Routes under /api/v1: the administrator's registry of department systems and signing
 * keys (permission `sso.clients.manage`, limited to departments in the administrator's
 * region; keys only for a province-wide administrator), and `GET /sso/whoami` for a
 * client system to see what its token stands for.
 */
export const PERMISSION = 'sso.clients.manage';

export type SsoRouteDeps = {
  clients: ClientStore;
  keys: KeyManager;
  departments: SsoDepartments;
  scope: SsoRegionScope;
  /** Rebuilds the provider after a key change, so this process signs with the new key at once. */
  keysChanged(): Promise<void>;
  /** The pairwise subject of an account for a department (what that department's systems see). */
  subjectFor(accountId: string, departmentId: string | null, clientId: string): string;
};

const auditOf = (req: FastifyRequest): AuditContext => ({
  actor: req.actor,
  requestId: String(req.id),
  ip: req.ip ?? null,
});

const dedupe = <T>(a: T[]): T[] => [...new Set(a)];

function inputOf(body: z.infer<typeof S.updateClientBody>): ClientInput {
  return {
    name: body.name,
    departmentId: body.departmentId,
    tokenEndpointAuthMethod: body.tokenEndpointAuthMethod,
    redirectUris: dedupe(body.redirectUris),
    postLogoutRedirectUris: dedupe(body.postLogoutRedirectUris),
    backchannelLogoutUri: body.backchannelLogoutUri,
    grantTypes: dedupe(body.grantTypes),
    scopes: dedupe(body.scopes),
    claims: dedupe(body.claims),
  };
}

export function ssoRoutes(deps: SsoRouteDeps): FastifyPluginAsyncZod {
  /** Region prefixes the actor manages clients in; throws when none. */
  function managed(actor: Actor): string[] {
    requirePermission(actor, PERMISSION);
    const prefixes = deps.scope(actor, PERMISSION);
    if (prefixes.length === 0) throw CommonErrors.outOfScope();
    return prefixes;
  }
  const covers = (prefixes: string[], region: string | undefined) =>
    prefixes.includes('') || (!!region && prefixes.some((p) => region.startsWith(p)));

  async function views(records: ClientRecord[]) {
    const names = await deps.departments(records.flatMap((r) => (r.departmentId ? [r.departmentId] : [])));
    return records.map((r) => ({
      ...r,
      departmentName: r.departmentId ? (names.get(r.departmentId)?.name ?? null) : null,
    }));
  }

  /** The client, when it exists and its department is within the actor's region. */
  async function reachable(actor: Actor, clientId: string): Promise<ClientRecord> {
    const prefixes = managed(actor);
    const client = await deps.clients.find(clientId);
    if (!client) throw SsoErrors.clientNotFound();
    const dept = client.departmentId
      ? (await deps.departments([client.departmentId])).get(client.departmentId)
      : undefined;
    if (!covers(prefixes, dept?.regionCode)) throw SsoErrors.clientNotFound();
    return client;
  }

  async function departmentInScope(actor: Actor, departmentId: string) {
    const prefixes = managed(actor);
    const dept = (await deps.departments([departmentId])).get(departmentId);
    if (!dept) throw SsoErrors.unknownDepartment();
    if (!covers(prefixes, dept.regionCode)) throw CommonErrors.outOfScope();
  }

  function platformWide(actor: Actor) {
    const prefixes = managed(actor);
    if (!prefixes.some((p) => p.length <= 2)) throw SsoErrors.platformWideOnly();
  }

  return async (app) => {
    app.get(
      '/admin/sso/clients',
      {
        schema: {
          tags: ['sso'],
          summary: '接入系统列表 · Client systems',
          response: { 200: z.object({ items: z.array(S.clientView) }) },
        },
      },
      async (req) => {
        const prefixes = managed(req.actor);
        const all = await deps.clients.list();
        const regions = await deps.departments(all.flatMap((c) => (c.departmentId ? [c.departmentId] : [])));
        const visible = all.filter((c) =>
          covers(prefixes, c.departmentId ? regions.get(c.departmentId)?.regionCode : undefined),
        );
        return { items: await views(visible) };
      },
    );

    app.post(
      '/admin/sso/clients',
      {
        schema: {
          tags: ['sso'],
          summary: '登记接入系统 · Register a client system',
          description: 'The client secret is returned once, in this response only.',
          body: S.createClientBody,
          response: { 201: S.clientWithSecret },
        },
      },
      async (req, reply) => {
        await departmentInScope(req.actor, req.body.departmentId);
        const { client, secret } = await deps.clients.create(auditOf(req), {
          ...inputOf(req.body),
          clientId: req.body.clientId,
        });
        const [view] = await views([client]);
        return reply.status(201).send({ client: view!, clientSecret: secret });
      },
    );

    app.get(
      '/admin/sso/clients/:id',
      {
        schema: {
          tags: ['sso'],
          summary: '接入系统详情 · A client system',
          params: S.clientIdParam,
          response: { 200: S.clientView },
        },
      },
      async (req) => {
        const [view] = await views([await reachable(req.actor, req.params.id)]);
        return view!;
      },
    );

    app.put(
      '/admin/sso/clients/:id',
      {
        schema: {
          tags: ['sso'],
          summary: '修改接入系统 · Change a client system',
          description:
            'Narrowing scopes, claims or grant types, or disabling, revokes what was issued before.',
          params: S.clientIdParam,
          body: S.updateClientBody,
          response: { 200: S.clientView },
        },
      },
      async (req) => {
        await reachable(req.actor, req.params.id);
        await departmentInScope(req.actor, req.body.departmentId);
        const client = await deps.clients.update(auditOf(req), req.params.id, {
          ...inputOf(req.body),
          status: req.body.status,
        });
        const [view] = await views([client]);
        return view!;
      },
    );

    app.post(
      '/admin/sso/clients/:id/secret',
      {
        schema: {
          tags: ['sso'],
          summary: '重置接入系统密钥 · Rotate a client secret',
          description: 'The new secret is returned once; the old one stops working at once.',
          params: S.clientIdParam,
          response: { 200: S.clientWithSecret },
        },
      },
      async (req) => {
        const current = await reachable(req.actor, req.params.id);
        if (current.status !== 'active') throw SsoErrors.clientDisabled();
        const { client, secret } = await deps.clients.rotateSecret(auditOf(req), req.params.id);
        const [view] = await views([client]);
        return { client: view!, clientSecret: secret };
      },
    );

    app.delete(
      '/admin/sso/clients/:id',
      {
        schema: {
          tags: ['sso'],
          summary: '停用接入系统 · Disable a client system',
          description:
            'Disables the client and revokes its tokens, codes and grants. Re-enable with PUT status=active.',
          params: S.clientIdParam,
          response: { 200: S.clientView },
        },
      },
      async (req) => {
        await reachable(req.actor, req.params.id);
        const client = await deps.clients.disable(auditOf(req), req.params.id);
        const [view] = await views([client]);
        return view!;
      },
    );

    app.get(
      '/admin/sso/keys',
      {
        schema: {
          tags: ['sso'],
          summary: '签名密钥 · Signing keys',
          response: { 200: z.object({ items: z.array(S.keyView) }) },
        },
      },
      async (req) => {
        platformWide(req.actor);
        return { items: await deps.keys.list() };
      },
    );

    app.post(
      '/admin/sso/keys/rotate',
      {
        schema: {
          tags: ['sso'],
          summary: '轮换签名密钥 · Rotate the signing keys',
          description:
            'The announced next key starts signing, the active key is retired but stays published until what it signed has expired, and a new next key is announced.',
          response: { 200: z.object({ items: z.array(S.keyView) }) },
        },
      },
      async (req) => {
        platformWide(req.actor);
        const items = await deps.keys.rotate(auditOf(req));
        await deps.keysChanged();
        return { items };
      },
    );

    app.get(
      '/sso/whoami',
      {
        schema: {
          tags: ['sso'],
          summary: '当前接入系统 · The client system behind this token',
          description: 'Call with `Authorization: Bearer <token>` (client credentials or token exchange).',
          response: { 200: S.whoamiView },
        },
      },
      async (req) => {
        const actor = req.actor;
        if (actor.kind === 'anonymous') throw CommonErrors.unauthenticated();
        if (actor.kind !== 'client' || !actor.client) throw SsoErrors.notAClient();
        const c = actor.client;
        return {
          clientId: c.clientId,
          clientName: actor.display,
          departmentId: c.departmentId,
          scopes: c.scopes,
          onBehalfOf: actor.accountId
            ? { sub: deps.subjectFor(actor.accountId, c.departmentId, c.clientId) }
            : null,
        };
      },
    );
  };
}
