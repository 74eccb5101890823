import { sql, type Kysely, type Transaction } from 'kysely';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, type JWK } from 'jose';
import { recordAudit, type AnyDb, type AuditContext } from '@sufu/kernel';
import type { SsoTables } from './sso.tables.ts';
import type { Sealer } from './seal.ts';
import { SsoErrors } from './sso.errors.ts';

/**
 * Signing keys with announced succession: there is always one `active` key that signs and
 * one `next` key that is already published in the JWKS but not yet used, so relying parties
 * have cached it before it signs anything. Rotation promotes `next` to `active`, moves the
 * old key to `retired` (still published, so everything it signed keeps verifying) and
 * announces a fresh `next`. Retired keys are `removed` (private part wiped) after the
 * longest lifetime of what they signed. Keys live in the database, private parts sealed
 * with SM4, so every server process signs with the same key.
 */
export type KeyState = 'next' | 'active' | 'retired' | 'removed';

export type SigningKeyView = {
  kid: string;
  alg: string;
  state: KeyState;
  createdAt: string;
  activatedAt: string | null;
  retiredAt: string | null;
  removedAt: string | null;
};

/** The keys oidc-provider is built with, and a fingerprint to notice when they changed. */
export type LoadedKeys = { fingerprint: string; jwks: { keys: JWK[] } };

export type KeyPolicy = {
  /** How long a retired key stays published (longest lifetime of an ID token or logout hint). */
  retiredRetentionSeconds: number;
  /** At most this many retired keys stay published, however recent (bounds the JWKS). */
  maxRetired: number;
  /** A manual rotation is refused while the active key is younger than this. */
  minActiveSeconds: number;
  /** The active key is rotated automatically once older than this. */
  rotateAfterSeconds: number;
};

export const DEFAULT_KEY_POLICY: KeyPolicy = {
  retiredRetentionSeconds: 24 * 3600,
  maxRetired: 4,
  minActiveSeconds: 60,
  rotateAfterSeconds: 90 * 24 * 3600,
};

const ALG = 'RS256';
/** Serialises key changes across processes (pg_advisory_xact_lock key). */
const KEY_LOCK = 7_300_001;

type KeyRow = {
  kid: string;
  alg: string;
  state: KeyState;
  public_jwk: Record<string, unknown>;
  private_jwk_sealed: string | null;
  created_at: Date;
  activated_at: Date | null;
  retired_at: Date | null;
  removed_at: Date | null;
};

const toView = (r: KeyRow): SigningKeyView => ({
  kid: r.kid,
  alg: r.alg,
  state: r.state,
  createdAt: r.created_at.toISOString(),
  activatedAt: r.activated_at?.toISOString() ?? null,
  retiredAt: r.retired_at?.toISOString() ?? null,
  removedAt: r.removed_at?.toISOString() ?? null,
});

type NewKey = { kid: string; publicJwk: JWK; privateSealed: string };

export function createKeyManager(deps: { db: AnyDb; sealer: Sealer; policy?: Partial<KeyPolicy> }) {
  const policy: KeyPolicy = { ...DEFAULT_KEY_POLICY, ...deps.policy };
  const db = deps.db as unknown as Kysely<SsoTables>;

  async function generate(): Promise<NewKey> {
    const { privateKey } = await generateKeyPair(ALG, { extractable: true, modulusLength: 2048 });
    const jwk = await exportJWK(privateKey);
    const kid = await calculateJwkThumbprint(jwk, 'sha256');
    const publicJwk: JWK = { kty: jwk.kty, n: jwk.n, e: jwk.e, kid, alg: ALG, use: 'sig' };
    const privateSealed = deps.sealer.seal(JSON.stringify({ ...jwk, kid, alg: ALG, use: 'sig' }), kid);
    return { kid, publicJwk, privateSealed };
  }

  const insert = (t: Kysely<SsoTables>, k: NewKey, state: 'next' | 'active') =>
    t
      .insertInto('sso.signing_keys')
      .values({
        kid: k.kid,
        alg: ALG,
        state,
        public_jwk: JSON.stringify(k.publicJwk),
        private_jwk_sealed: k.privateSealed,
        activated_at: state === 'active' ? new Date() : null,
      })
      .execute();

  const lock = (t: Transaction<SsoTables>) => sql`select pg_advisory_xact_lock(${KEY_LOCK})`.execute(t);

  async function prune(t: Kysely<SsoTables>): Promise<void> {
    const cutoff = new Date(Date.now() - policy.retiredRetentionSeconds * 1000);
    const retired = await t
      .selectFrom('sso.signing_keys')
      .select(['kid', 'retired_at'])
      .where('state', '=', 'retired')
      .orderBy('retired_at', 'desc')
      .execute();
    const drop = retired
      .filter((r, i) => i >= policy.maxRetired || (r.retired_at && r.retired_at < cutoff))
      .map((r) => r.kid);
    if (drop.length === 0) return;
    await t
      .updateTable('sso.signing_keys')
      .set({ state: 'removed', private_jwk_sealed: null, removed_at: new Date() })
      .where('kid', 'in', drop)
      .execute();
  }

  async function list(): Promise<SigningKeyView[]> {
    const rows = (await db
      .selectFrom('sso.signing_keys')
      .selectAll()
      .orderBy('created_at', 'desc')
      .limit(50)
      .execute()) as KeyRow[];
    return rows.map(toView);
  }

  return {
    policy,

    /** Makes sure an active and a next key exist (first boot, or after manual cleanup). */
    async ensure(): Promise<void> {
      const have = await db
        .selectFrom('sso.signing_keys')
        .select('state')
        .where('state', 'in', ['active', 'next'])
        .execute();
      if (have.length === 2) return;
      // Generate outside the transaction: an RSA key takes a while and PGlite has one connection.
      const fresh = [await generate(), await generate()];
      await db.transaction().execute(async (t) => {
        await lock(t);
        const states = new Set(
          (
            await t
              .selectFrom('sso.signing_keys')
              .select('state')
              .where('state', 'in', ['active', 'next'])
              .execute()
          ).map((r) => r.state),
        );
        if (!states.has('active')) await insert(t, fresh[0]!, 'active');
        if (!states.has('next')) await insert(t, fresh[1]!, 'next');
      });
    },

    /** Published keys with their private parts, marked so only the active key signs. */
    async load(): Promise<LoadedKeys> {
      const rows = (await db
        .selectFrom('sso.signing_keys')
        .selectAll()
        .where('state', 'in', ['next', 'active', 'retired'])
        .orderBy('created_at', 'asc')
        .execute()) as KeyRow[];
      // The active key first; oidc-provider signs with the first key that allows `sign`.
      rows.sort((a, b) => Number(b.state === 'active') - Number(a.state === 'active'));
      const keys = rows.map((r) => {
        const jwk = JSON.parse(deps.sealer.open(r.private_jwk_sealed!, r.kid)) as JWK;
        // Keys that must not sign carry key_ops ['verify']: oidc-provider then only verifies
        // with them, and relying parties read the same restriction in the JWKS.
        return r.state === 'active' ? jwk : { ...jwk, key_ops: ['verify'] };
      });
      return { fingerprint: rows.map((r) => `${r.kid}:${r.state}`).join(','), jwks: { keys } };
    },

    list,

    /**
     * Promotes the announced key, retires the active one and announces a new successor,
     * audited in the same transaction. `force` skips the minimum-age check; `onlyIfDue`
     * (scheduled rotation) does nothing unless the active key is past its rotation age.
     */
    async rotate(
      audit: AuditContext,
      opts: { force?: boolean; reason?: string; onlyIfDue?: boolean } = {},
    ): Promise<SigningKeyView[]> {
      // Refuse a too-early manual rotation before paying for two key generations.
      if (!opts.force && !opts.onlyIfDue) {
        const current = await db
          .selectFrom('sso.signing_keys')
          .select('activated_at')
          .where('state', '=', 'active')
          .executeTakeFirst();
        if (
          current?.activated_at &&
          Date.now() - current.activated_at.getTime() < policy.minActiveSeconds * 1000
        ) {
          throw SsoErrors.rotationTooSoon({
            headers: {
              'retry-after': String(
                Math.ceil(
                  (current.activated_at.getTime() + policy.minActiveSeconds * 1000 - Date.now()) / 1000,
                ),
              ),
            },
          });
        }
      }
      const fresh = await generate();
      const spare = await generate();
      await db.transaction().execute(async (t) => {
        await lock(t);
        const active = await t
          .selectFrom('sso.signing_keys')
          .selectAll()
          .where('state', '=', 'active')
          .executeTakeFirst();
        // Scheduled rotation: another process may have rotated while this one waited for the lock.
        if (
          opts.onlyIfDue &&
          active?.activated_at &&
          Date.now() - active.activated_at.getTime() <= policy.rotateAfterSeconds * 1000
        )
          return;
        if (
          !opts.force &&
          active?.activated_at &&
          Date.now() - active.activated_at.getTime() < policy.minActiveSeconds * 1000
        )
          throw SsoErrors.rotationTooSoon({
            headers: {
              'retry-after': String(
                Math.ceil(
                  (active.activated_at.getTime() + policy.minActiveSeconds * 1000 - Date.now()) / 1000,
                ),
              ),
            },
          });
        const next = await t
          .selectFrom('sso.signing_keys')
          .select('kid')
          .where('state', '=', 'next')
          .executeTakeFirst();
        if (active)
          await t
            .updateTable('sso.signing_keys')
            .set({ state: 'retired', retired_at: new Date() })
            .where('kid', '=', active.kid)
            .execute();
        let activated: string;
        if (next) {
          await t
            .updateTable('sso.signing_keys')
            .set({ state: 'active', activated_at: new Date() })
            .where('kid', '=', next.kid)
            .execute();
          activated = next.kid;
          await insert(t, fresh, 'next');
        } else {
          await insert(t, fresh, 'active');
          activated = fresh.kid;
          await insert(t, spare, 'next');
        }
        await prune(t);
        await recordAudit(t, audit, {
          action: 'sso.keys_rotated',
          resourceType: 'sso_signing_key',
          resourceId: activated,
          details: {
            retired: active?.kid ?? null,
            activated,
            ...(opts.reason ? { reason: opts.reason } : {}),
          },
        });
      });
      return list();
    },

    /** Wipes retired keys past their retention; true when something changed. */
    async pruneExpired(): Promise<boolean> {
      const before = await db
        .selectFrom('sso.signing_keys')
        .select(sql<string>`count(*)`.as('n'))
        .where('state', '=', 'retired')
        .executeTakeFirstOrThrow();
      await db.transaction().execute(async (t) => {
        await lock(t);
        await prune(t);
      });
      const after = await db
        .selectFrom('sso.signing_keys')
        .select(sql<string>`count(*)`.as('n'))
        .where('state', '=', 'retired')
        .executeTakeFirstOrThrow();
      return before.n !== after.n;
    },

    /** True when the active key is older than the rotation period. */
    async dueForRotation(): Promise<boolean> {
      const active = await db
        .selectFrom('sso.signing_keys')
        .select('activated_at')
        .where('state', '=', 'active')
        .executeTakeFirst();
      return (
        !!active?.activated_at &&
        Date.now() - active.activated_at.getTime() > policy.rotateAfterSeconds * 1000
      );
    },
  };
}

export type KeyManager = ReturnType<typeof createKeyManager>;
