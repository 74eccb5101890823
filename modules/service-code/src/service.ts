import { sql, type Kysely } from 'kysely';
import { findDivision } from '@sufu/china-ids';
import { hmacSm3Hex, sm4Open, sm4Seal, hmacSm3 } from '@sufu/gm-crypto';
import {
  CommonErrors,
  recordAudit,
  requirePermission,
  requireSignedIn,
  type Actor,
  type AnyDb,
  type AuditContext,
} from '@sufu/kernel';
import { ServiceCodeErrors, refusalError } from './errors.ts';
import type { KeyStore } from './keys.ts';
import { openHolder, sealHolder } from './pseudonym.ts';
import type { ScannerRow, ScannerStore } from './scanners.ts';
import { createScanLog } from './scan-log.ts';
import type { CardDomain, ScannerProfile, ServiceCodeTables } from './tables.ts';
import { checkCardNumber, domainOfProfile, maskPersonName } from './cards.ts';
import {
  freshCodeIdentity,
  parseToken,
  signToken,
  TOKEN_VERSION,
  verifyParsedToken,
  type HolderType,
  type ParsedToken,
  type TokenRefusal,
} from './token.ts';

/** A holder as the identity module describes it (structurally identity's HolderRecord). */
export type ServiceCodeHolder = {
  type: HolderType;
  id: string;
  name: string;
  /** 公民身份号码 or 统一社会信用代码, in clear. */
  code: string;
  realNameLevel: 'L1' | 'L2' | 'L3' | null;
  regionCode: string;
};

/** What the module needs from identity; `modules.ts` passes `identity.api`. */
export type ServiceCodeIdentity = {
  holderOfAccount(accountId: string): Promise<ServiceCodeHolder | null>;
  getHolder(type: HolderType, id: string): Promise<ServiceCodeHolder | null>;
};

export type RequestInfo = { requestId: string | null; ip: string | null };

export type ServiceSettings = {
  lifetimeSeconds: number;
  skewSeconds: number;
  now: () => number;
};

/** The profile whose scans use up a code: everything but a gate, which only checks a person in. */
export const CONSUMING_PROFILES: ReadonlySet<ScannerProfile> = new Set([
  'counter',
  'medical',
  'transport',
  'social-security',
]);

/** Who scans: a registered device (through its client), or a clerk at a desk. */
type ScanContext = {
  scanner: ScannerRow | null;
  profile: ScannerProfile;
  departmentId: string | null;
  clientId: string | null;
  deviceId: string | null;
  /** Set when the scanning context is not allowed at all (unregistered client). */
  refusal: 'out_of_scope' | null;
};

export type VerifyInput = {
  code: string;
  purpose: string;
  caseNumber?: string | undefined;
  deviceId?: string | undefined;
};

type Base = {
  valid: true;
  scanId: string;
  codeId: string;
  holderType: HolderType;
  expiresAt: string;
  consumed: boolean;
};
export type VerifyResponse =
  | (Base & { profile: 'gate'; nameMasked: string; realNameLevel: 'L1' | 'L2' | 'L3' | null })
  | (Base & {
      profile: 'counter';
      name: string;
      identifierType: 'id_number' | 'credit_code';
      identifier: string;
      regionCode: string;
      regionName: string | null;
      realNameLevel: 'L1' | 'L2' | 'L3' | null;
    })
  | (Base & { profile: CardDomain; nameMasked: string; card: { domain: CardDomain; number: string } });

export type IssuedCode = {
  code: string;
  codeId: string;
  kid: string;
  holderType: HolderType;
  issuedAt: string;
  expiresAt: string;
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function createService(deps: {
  db: AnyDb;
  secretKey: Buffer;
  identity: ServiceCodeIdentity;
  canPresentForOrganisation(accountId: string, orgId: string): Promise<boolean>;
  departmentNames(ids: string[]): Promise<Map<string, string>>;
  keys: KeyStore;
  scanners: ScannerStore;
  settings: ServiceSettings;
}) {
  const db = deps.db as unknown as Kysely<ServiceCodeTables>;
  const { settings } = deps;
  const cardSealKey = hmacSm3(deps.secretKey, 'sufu:seal:service-code-cards');
  const cardDigestKey = hmacSm3(deps.secretKey, 'sufu:service-code:card-digest');
  const scanLog = createScanLog({ db: deps.db, now: settings.now });

  const ctxOf = (actor: Actor, info: RequestInfo): AuditContext => ({
    actor,
    requestId: info.requestId,
    ip: info.ip,
  });

  /** The holder the signed-in actor may present: themself, or an organisation they represent. */
  async function presentable(
    actor: Actor,
    as: HolderType,
    orgId: string | undefined,
  ): Promise<ServiceCodeHolder> {
    requireSignedIn(actor);
    if (actor.kind !== 'person' || !actor.accountId) throw ServiceCodeErrors.notHolder();
    if (as === 'person') {
      const h = await deps.identity.holderOfAccount(actor.accountId);
      if (!h || !h.realNameLevel) throw ServiceCodeErrors.notHolder();
      return h;
    }
    if (!orgId || !UUID.test(orgId)) throw ServiceCodeErrors.notRepresentative();
    if (!(await deps.canPresentForOrganisation(actor.accountId, orgId)))
      throw ServiceCodeErrors.notRepresentative();
    const org = await deps.identity.getHolder('organisation', orgId);
    if (!org) throw ServiceCodeErrors.notRepresentative();
    return org;
  }

  /**
   * Signs a code for a holder. `notBeforeOffset` issues it ahead of time (offline batches):
   * iat = now + offset, so it reads as not yet valid until then.
   */
  async function sign(holder: ServiceCodeHolder, opts: { now?: number; offsetSeconds?: number } = {}) {
    const key = await deps.keys.signingKey();
    if (!key) throw ServiceCodeErrors.noSigningKey();
    const iat = Math.floor((opts.now ?? settings.now()) / 1000) + (opts.offsetSeconds ?? 0);
    const exp = iat + settings.lifetimeSeconds;
    const { codeId, nonce } = freshCodeIdentity();
    const code = signToken(
      {
        version: TOKEN_VERSION,
        kid: key.kid,
        holderType: holder.type,
        codeId,
        pseudonym: sealHolder(key.pseudonymKey, codeId, nonce, holder.id),
        iat,
        exp,
        nonce,
      },
      key.privateKey,
    );
    return {
      code,
      codeId,
      kid: key.kid,
      holderType: holder.type,
      issuedAt: new Date(iat * 1000).toISOString(),
      expiresAt: new Date(exp * 1000).toISOString(),
    } satisfies IssuedCode;
  }

  async function scanContext(actor: Actor, deviceId: string | undefined): Promise<ScanContext> {
    if (actor.kind === 'anonymous') throw CommonErrors.unauthenticated();
    if (actor.kind === 'client' && actor.client) {
      // A machine client (SSO client credentials): what it may receive is the profile of the
      // scanner device an administrator bound to it in the console.
      const client = actor.client;
      const mine = (await deps.scanners.byClient(client.clientId)).filter((s) => s.status === 'active');
      const chosen = deviceId ? mine.find((s) => s.id === deviceId) : undefined;
      const scanner = chosen ?? (mine.length === 1 ? mine[0]! : null);
      return {
        scanner,
        profile: scanner?.profile ?? 'gate',
        departmentId: scanner?.department_id ?? client.departmentId,
        clientId: client.clientId,
        deviceId: deviceId ?? null,
        refusal: scanner ? null : 'out_of_scope',
      };
    }
    // A clerk at a desk, signed in to the workbench: a counter of their own department, or a
    // registered device of that department named by deviceId.
    requirePermission(actor, 'service-code.scan');
    const departments = new Set(actor.grants.map((g) => g.departmentId).filter((d): d is string => !!d));
    const departmentId = actor.grants.find((g) => g.departmentId)?.departmentId ?? null;
    if (deviceId && UUID.test(deviceId)) {
      const device = await deps.scanners.byId(deviceId);
      if (device) {
        const ok =
          device.status === 'active' && !!device.department_id && departments.has(device.department_id);
        return {
          scanner: device,
          profile: device.profile,
          departmentId: device.department_id,
          clientId: null,
          deviceId,
          refusal: ok ? null : 'out_of_scope',
        };
      }
    }
    return {
      scanner: null,
      profile: 'counter',
      departmentId,
      clientId: null,
      deviceId: deviceId ?? null,
      refusal: null,
    };
  }

  type ScanRecord = {
    token: ParsedToken | undefined;
    holderId: string | null;
    outcome:
      'accepted' | TokenRefusal | 'replayed' | 'out_of_scope' | 'holder_unavailable' | 'card_not_linked';
    consume: boolean;
  };

  /**
   * Writes the scan log row and its audit entry in one transaction (group-committed with
   * concurrent scans), after marking the code used when the profile consumes it. Returns the
   * scan id, and whether the code had already been used (then the row records the refusal).
   */
  async function record(
    actor: Actor,
    info: RequestInfo,
    sc: ScanContext,
    input: VerifyInput,
    r: ScanRecord,
  ): Promise<{ scanId: string; replayed: boolean }> {
    const f = r.token?.fields;
    const written = await scanLog.write({
      ctx: ctxOf(actor, info),
      consume:
        r.consume && f
          ? { codeId: f.codeId, expiresAt: new Date((f.exp + settings.skewSeconds) * 1000) }
          : null,
      row: {
        code_id: f?.codeId ?? null,
        key_id: f?.kid ?? null,
        holder_type: r.holderId && f ? f.holderType : null,
        holder_id: r.holderId,
        scanner_id: sc.scanner?.id ?? null,
        client_id: sc.clientId,
        device_id: sc.deviceId,
        operator_account_id: actor.accountId,
        operator_display: actor.display,
        department_id: sc.departmentId,
        profile: sc.profile,
        purpose: input.purpose,
        case_number: input.caseNumber ?? null,
        outcome: r.outcome,
        request_id: info.requestId,
      },
      audit: (scanId, outcome) => {
        const accepted = outcome === 'accepted';
        return {
          action: accepted ? 'service-code.scanned' : 'service-code.scan_refused',
          resourceType: 'service-code',
          resourceId: f?.codeId ?? null,
          subjectRef: r.holderId,
          purpose: input.purpose,
          outcome: accepted ? 'success' : 'denied',
          details: {
            scanId,
            profile: sc.profile,
            outcome,
            scannerId: sc.scanner?.id ?? null,
            ...(input.caseNumber ? { caseNumber: input.caseNumber } : {}),
          },
        };
      },
    });
    return { scanId: written.scanId, replayed: written.replayed };
  }

  async function refuse(
    actor: Actor,
    info: RequestInfo,
    sc: ScanContext,
    input: VerifyInput,
    r: Omit<ScanRecord, 'consume'>,
  ): Promise<never> {
    await record(actor, info, sc, input, { ...r, consume: false });
    switch (r.outcome) {
      case 'holder_unavailable':
        throw ServiceCodeErrors.holderUnavailable();
      case 'card_not_linked':
        throw ServiceCodeErrors.cardNotLinked();
      case 'accepted':
        throw CommonErrors.internal();
      default:
        throw refusalError(r.outcome);
    }
  }

  async function linkedCard(personId: string, domain: CardDomain): Promise<string | null> {
    const row = await db
      .selectFrom('service_code.linked_cards')
      .select(['number_sealed'])
      .where('holder_person_id', '=', personId)
      .where('domain', '=', domain)
      .where('status', '=', 'active')
      .executeTakeFirst();
    if (!row) return null;
    return Buffer.from(
      sm4Open(cardSealKey, Buffer.from(row.number_sealed, 'base64url'), {
        aad: `card:${personId}:${domain}`,
      }),
    ).toString('utf8');
  }

  async function personOf(actor: Actor): Promise<ServiceCodeHolder> {
    requireSignedIn(actor);
    if (actor.kind !== 'person' || !actor.accountId) throw ServiceCodeErrors.notHolder();
    const h = await deps.identity.holderOfAccount(actor.accountId);
    if (!h) throw ServiceCodeErrors.notHolder();
    return h;
  }

  return {
    presentable,
    sign,

    /** Issues the current code (and, on request, up to four follow-up codes for offline display). */
    async issue(
      actor: Actor,
      info: RequestInfo,
      q: { as: HolderType; orgId?: string | undefined; offline: number },
    ): Promise<{ current: IssuedCode; offline: IssuedCode[]; holder: ServiceCodeHolder }> {
      const holder = await presentable(actor, q.as, q.orgId);
      const now = settings.now();
      const current = await sign(holder, { now });
      const offline: IssuedCode[] = [];
      // Consecutive offline codes overlap by 10 s so the screen never shows an expired one.
      const step = Math.max(10, settings.lifetimeSeconds - 10);
      for (let k = 1; k <= q.offline; k++) offline.push(await sign(holder, { now, offsetSeconds: k * step }));
      if (holder.type === 'organisation') {
        // Who showed an enterprise code, and when, is evidence the organisation may ask for.
        await recordAudit(deps.db, ctxOf(actor, info), {
          action: 'service-code.enterprise_code_issued',
          resourceType: 'service-code',
          resourceId: current.codeId,
          subjectRef: holder.id,
          purpose: 'present-enterprise-code',
          details: { codes: 1 + offline.length },
        });
      }
      return { current, offline, holder };
    },

    /**
     * Online verification. The scanner's profile decides what is released; every scan,
     * accepted or refused, is logged with its audit entry in one transaction; a refusal
     * releases nothing and consumes nothing.
     */
    async verify(actor: Actor, info: RequestInfo, input: VerifyInput): Promise<VerifyResponse> {
      const sc = await scanContext(actor, input.deviceId);
      const parsed = parseToken(input.code);
      if (!parsed.ok)
        return refuse(actor, info, sc, input, { token: undefined, holderId: null, outcome: parsed.refusal });
      const lookup = await deps.keys.lookupFor(parsed.token.fields.kid);
      const v = verifyParsedToken(
        parsed.token,
        lookup,
        Math.floor(settings.now() / 1000),
        settings.skewSeconds,
      );
      // The holder behind a genuine code is known even if it is refused for time, so they see the attempt.
      const token = v.token;
      const holderId = token
        ? openHolder(
            deps.keys.pseudonymKey(token.fields.kid),
            token.fields.codeId,
            token.fields.nonce,
            token.fields.pseudonym,
          )
        : null;
      if (!v.ok) return refuse(actor, info, sc, input, { token, holderId, outcome: v.refusal });
      const f = v.token.fields;
      if (sc.refusal) return refuse(actor, info, sc, input, { token, holderId, outcome: sc.refusal });
      const holder = await deps.identity.getHolder(f.holderType, holderId!);
      if (!holder) return refuse(actor, info, sc, input, { token, holderId, outcome: 'holder_unavailable' });
      const domain = domainOfProfile(sc.profile);
      let cardNumber: string | null = null;
      if (domain) {
        if (holder.type !== 'person')
          return refuse(actor, info, sc, input, { token, holderId, outcome: 'out_of_scope' });
        cardNumber = await linkedCard(holder.id, domain);
        if (!cardNumber)
          return refuse(actor, info, sc, input, { token, holderId, outcome: 'card_not_linked' });
      }
      const consume = CONSUMING_PROFILES.has(sc.profile);
      const { scanId, replayed } = await record(actor, info, sc, input, {
        token: v.token,
        holderId,
        outcome: 'accepted',
        consume,
      });
      if (replayed) throw ServiceCodeErrors.replayed();
      const base = {
        valid: true as const,
        scanId,
        codeId: f.codeId,
        holderType: f.holderType,
        expiresAt: new Date(f.exp * 1000).toISOString(),
        consumed: consume,
      };
      const masked = holder.type === 'person' ? maskPersonName(holder.name) : holder.name;
      if (sc.profile === 'gate')
        return { ...base, profile: 'gate', nameMasked: masked, realNameLevel: holder.realNameLevel };
      if (sc.profile === 'counter')
        return {
          ...base,
          profile: 'counter',
          name: holder.name,
          identifierType: holder.type === 'person' ? 'id_number' : 'credit_code',
          identifier: holder.code,
          regionCode: holder.regionCode,
          regionName: findDivision(holder.regionCode)?.name ?? null,
          realNameLevel: holder.realNameLevel,
        };
      return {
        ...base,
        profile: domain!,
        nameMasked: masked,
        card: { domain: domain!, number: cardNumber! },
      };
    },

    /** The holder's own scan history: where, when, by whom and for what. */
    async myScans(
      actor: Actor,
      info: RequestInfo,
      q: { as: HolderType; orgId?: string | undefined; limit: number; before?: string | undefined },
    ) {
      const holder = await presentable(actor, q.as, q.orgId);
      let query = db
        .selectFrom('service_code.scans as s')
        .leftJoin('service_code.scanners as d', 'd.id', 's.scanner_id')
        .select([
          's.id',
          's.at',
          's.profile',
          's.purpose',
          's.case_number',
          's.outcome',
          's.department_id',
          's.client_id',
          'd.name as scanner_name',
          'd.location as scanner_location',
          'd.operator_name',
        ])
        .where('s.holder_id', '=', holder.id);
      if (q.before) query = query.where(sql<boolean>`s.id < ${q.before}::bigint`);
      const rows = await query.orderBy('s.id', 'desc').limit(q.limit).execute();
      const names = await deps.departmentNames([
        ...new Set(rows.map((r) => r.department_id).filter((d): d is string => !!d)),
      ]);
      await recordAudit(deps.db, ctxOf(actor, info), {
        action: 'service-code.scans_read',
        resourceType: 'service-code',
        subjectRef: holder.id,
        purpose: 'self-service',
      });
      return {
        items: rows.map((r) => ({
          id: r.id,
          at: r.at.toISOString(),
          profile: r.profile,
          purpose: r.purpose,
          caseNumber: r.case_number,
          outcome: r.outcome,
          accepted: r.outcome === 'accepted',
          scanner: r.scanner_name
            ? { name: r.scanner_name, location: r.scanner_location ?? '' }
            : { name: r.client_id ? '接入系统' : '政务服务窗口', location: '' },
          organisation: r.operator_name ?? (r.department_id ? (names.get(r.department_id) ?? null) : null),
          departmentId: r.department_id,
        })),
        nextBefore: rows.length === q.limit ? rows[rows.length - 1]!.id : null,
      };
    },

    async listCards(actor: Actor, info: RequestInfo) {
      const person = await personOf(actor);
      const rows = await db
        .selectFrom('service_code.linked_cards')
        .select(['id', 'domain', 'number_masked', 'linked_at'])
        .where('holder_person_id', '=', person.id)
        .where('status', '=', 'active')
        .orderBy('linked_at')
        .execute();
      await recordAudit(deps.db, ctxOf(actor, info), {
        action: 'service-code.cards_read',
        resourceType: 'linked-card',
        subjectRef: person.id,
        purpose: 'self-service',
      });
      return {
        items: rows.map((r) => ({
          id: r.id,
          domain: r.domain,
          numberMasked: r.number_masked,
          linkedAt: r.linked_at.toISOString(),
        })),
      };
    },

    async linkCard(actor: Actor, info: RequestInfo, input: { domain: CardDomain; number: string }) {
      const person = await personOf(actor);
      return linkCardFor(person, input, ctxOf(actor, info));
    },

    async unlinkCard(actor: Actor, info: RequestInfo, id: string) {
      const person = await personOf(actor);
      if (!UUID.test(id)) throw CommonErrors.notFound();
      await deps.db.transaction().execute(async (t) => {
        const trx = t as unknown as Kysely<ServiceCodeTables>;
        const row = await trx
          .updateTable('service_code.linked_cards')
          .set({ status: 'removed', removed_at: new Date(settings.now()) })
          .where('id', '=', id)
          .where('holder_person_id', '=', person.id)
          .where('status', '=', 'active')
          .returning(['id', 'domain', 'number_masked'])
          .executeTakeFirst();
        if (!row) throw CommonErrors.notFound();
        await recordAudit(trx, ctxOf(actor, info), {
          action: 'service-code.card_unlinked',
          resourceType: 'linked-card',
          resourceId: row.id,
          subjectRef: person.id,
          purpose: 'self-service',
          details: { domain: row.domain, numberMasked: row.number_masked },
        });
      });
    },

    linkCardFor,
    linkedCard,
  };

  async function linkCardFor(
    person: ServiceCodeHolder,
    input: { domain: CardDomain; number: string },
    ctx: AuditContext,
  ) {
    const check = checkCardNumber(input.domain, input.number, person.code);
    if (!check.ok)
      throw ServiceCodeErrors.cardInvalid({
        errors: [
          { path: 'number', message: { 'zh-CN': `卡号不符合要求：${check.reason}`, en: check.reason } },
        ],
      });
    const digest = hmacSm3Hex(cardDigestKey, `${input.domain}:${check.number}`);
    return deps.db.transaction().execute(async (t) => {
      const trx = t as unknown as Kysely<ServiceCodeTables>;
      const clash = await trx
        .selectFrom('service_code.linked_cards')
        .select('id')
        .where('status', '=', 'active')
        .where((eb) =>
          eb.or([
            eb.and([eb('holder_person_id', '=', person.id), eb('domain', '=', input.domain)]),
            eb.and([eb('domain', '=', input.domain), eb('number_digest', '=', digest)]),
          ]),
        )
        .executeTakeFirst();
      if (clash) throw ServiceCodeErrors.cardAlreadyLinked();
      const sealed = Buffer.from(
        sm4Seal(cardSealKey, check.number, { aad: `card:${person.id}:${input.domain}` }),
      ).toString('base64url');
      const row = await trx
        .insertInto('service_code.linked_cards')
        .values({
          holder_person_id: person.id,
          domain: input.domain,
          number_sealed: sealed,
          number_masked: check.masked,
          number_digest: digest,
          status: 'active',
          removed_at: null,
        })
        .returning(['id', 'domain', 'number_masked', 'linked_at'])
        .executeTakeFirstOrThrow();
      await recordAudit(trx, ctx, {
        action: 'service-code.card_linked',
        resourceType: 'linked-card',
        resourceId: row.id,
        subjectRef: person.id,
        purpose: 'self-service',
        details: { domain: row.domain, numberMasked: row.number_masked },
      });
      return {
        id: row.id,
        domain: row.domain,
        numberMasked: row.number_masked,
        linkedAt: row.linked_at.toISOString(),
      };
    });
  }
}

export type ServiceCodeService = ReturnType<typeof createService>;
