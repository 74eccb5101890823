import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import {
  DEFAULT_SM2_USER_ID,
  generateSm2KeyPair,
  hmacSm3,
  sm4Open,
  sm4Seal,
  Sm2PrivateKey,
  Sm2PublicKey,
} from '@sufu/gm-crypto';
import { recordAudit, type AnyDb, type AuditContext } from '@sufu/kernel';
import type { KeyStatus, ServiceCodeTables } from './tables.ts';
import type { KeyLookup, VerificationKey } from './token.ts';
import { TOKEN_PREFIX } from './token.ts';
import { pseudonymKey } from './pseudonym.ts';

/**
 * The platform's SM2 signing keys for service codes, in `service_code.keys` with the private
 * half sealed (SM4 envelope) under a key derived from the platform secret. One key is
 * `active` (signs), one `next` (already published, so offline gates have it before it signs),
 * any number `retired` (no longer signs; verifiable until `not_after`, the overlap). Several
 * server processes share the table, so each keeps an in-memory copy reloaded periodically
 * and whenever a code names a key it does not know (at most every few seconds).
 */
export type PublishedKey = {
  kid: string;
  alg: 'SM2-SM3';
  publicKeyPem: string;
  publicKeyHex: string;
  notBefore: string;
  notAfter: string | null;
  retiredAt: string | null;
  status: KeyStatus;
};

/** The document at /.well-known/service-code-keys. */
export type PublishedKeySet = {
  issuer: string;
  tokenPrefix: string;
  alg: 'SM2-SM3';
  userId: string;
  signature: 'raw-r-s';
  clockSkewSeconds: number;
  keys: PublishedKey[];
};

type LoadedKey = {
  kid: string;
  status: KeyStatus;
  publicKey: Sm2PublicKey;
  publicKeyPem: string;
  notBefore: Date;
  retiredAt: Date | null;
  notAfter: Date | null;
  sealed: string;
  privateKey?: Sm2PrivateKey;
};

export type SigningKey = { kid: string; privateKey: Sm2PrivateKey; pseudonymKey: Buffer };

export type KeyStoreOptions = {
  db: AnyDb;
  secretKey: Buffer;
  /** Reload the key table at least this often (seconds). */
  reloadSeconds: number;
  skewSeconds: number;
  now: () => number;
};

const SEAL_KEY_ID = 'service-code-keys';

export function createKeyStore(opts: KeyStoreOptions) {
  const db = opts.db as unknown as Kysely<ServiceCodeTables>;
  const sealKey = hmacSm3(opts.secretKey, 'sufu:seal:service-code-keys');
  const pseudonymKeys = new Map<string, Buffer>();
  let cache: { at: number; keys: Map<string, LoadedKey> } | undefined;
  let loading: Promise<Map<string, LoadedKey>> | undefined;
  let lastMissReload = 0;

  const sealPrivate = (kid: string, key: Sm2PrivateKey): string =>
    Buffer.from(
      sm4Seal(sealKey, key.toRaw(), { aad: `service-code-key:${kid}`, keyId: SEAL_KEY_ID }),
    ).toString('base64url');
  const openPrivate = (kid: string, sealed: string): Sm2PrivateKey =>
    Sm2PrivateKey.fromRaw(
      sm4Open(sealKey, Buffer.from(sealed, 'base64url'), {
        aad: `service-code-key:${kid}`,
        keyId: SEAL_KEY_ID,
      }),
    );

  async function load(): Promise<Map<string, LoadedKey>> {
    const rows = await db
      .selectFrom('service_code.keys')
      .selectAll()
      .where((eb) => eb.or([eb('not_after', 'is', null), eb('not_after', '>', new Date(opts.now()))]))
      .execute();
    const previous = cache?.keys;
    const keys = new Map<string, LoadedKey>();
    for (const r of rows) {
      const old = previous?.get(r.kid);
      // Keep key objects across reloads: the native backend caches the parsed key per object.
      const publicKey =
        old && old.publicKey.publicKeyHex === r.public_key_hex
          ? old.publicKey
          : Sm2PublicKey.fromHex(r.public_key_hex);
      keys.set(r.kid, {
        kid: r.kid,
        status: r.status,
        publicKey,
        publicKeyPem: old?.publicKey === publicKey ? old.publicKeyPem : publicKey.toSpkiPem(),
        notBefore: r.not_before,
        retiredAt: r.retired_at,
        notAfter: r.not_after,
        sealed: r.private_key_sealed,
        ...(old?.privateKey && old.sealed === r.private_key_sealed ? { privateKey: old.privateKey } : {}),
      });
    }
    cache = { at: opts.now(), keys };
    return keys;
  }

  /** The cached keys, reloaded when older than reloadSeconds (one load at a time). */
  async function current(force = false): Promise<Map<string, LoadedKey>> {
    if (!force && cache && opts.now() - cache.at < opts.reloadSeconds * 1000) return cache.keys;
    loading ??= load().finally(() => {
      loading = undefined;
    });
    return loading;
  }

  function toVerificationKey(k: LoadedKey): VerificationKey {
    const sec = (d: Date) => Math.floor(d.getTime() / 1000);
    return {
      kid: k.kid,
      publicKey: k.publicKey,
      notBefore: sec(k.notBefore),
      // Other processes may sign with a just-retired key until their next reload.
      signedUntil: k.retiredAt ? sec(k.retiredAt) + opts.reloadSeconds : null,
      notAfter: k.notAfter ? sec(k.notAfter) : null,
    };
  }

  /** A synchronous lookup over the current cache (call refreshForVerify first). */
  function lookupFrom(keys: Map<string, LoadedKey>): KeyLookup {
    return (kid) => {
      const k = keys.get(kid);
      return k ? toVerificationKey(k) : undefined;
    };
  }

  function getPseudonymKey(kid: string): Buffer {
    let k = pseudonymKeys.get(kid);
    if (!k) {
      k = pseudonymKey(opts.secretKey, kid);
      pseudonymKeys.set(kid, k);
    }
    return k;
  }

  function newKid(): string {
    return randomBytes(4).toString('hex');
  }

  async function insertKey(
    trx: Kysely<ServiceCodeTables>,
    status: 'active' | 'next',
    createdBy: string,
  ): Promise<string> {
    const { privateKey, publicKey } = generateSm2KeyPair();
    const now = new Date(opts.now());
    for (;;) {
      const kid = newKid();
      const r = await trx
        .insertInto('service_code.keys')
        .values({
          kid,
          status,
          public_key_hex: publicKey.publicKeyHex,
          private_key_sealed: sealPrivate(kid, privateKey),
          not_before: now,
          activated_at: status === 'active' ? now : null,
          retired_at: null,
          not_after: null,
          created_by: createdBy,
        })
        .onConflict((oc) => oc.column('kid').doNothing())
        .executeTakeFirst();
      if (Number(r.numInsertedOrUpdatedRows ?? 0) === 1) return kid;
    }
  }

  return {
    /**
     * Makes sure an active and a next key exist (first start, or after an operator removed
     * them). Safe when several processes start at once: the partial unique indexes let one
     * insert win and the others reload.
     */
    async ensure(): Promise<void> {
      const keys = await current(true);
      const statuses = new Set([...keys.values()].map((k) => k.status));
      if (statuses.has('active') && statuses.has('next')) return;
      await opts.db.transaction().execute(async (t) => {
        const trx = t as unknown as Kysely<ServiceCodeTables>;
        await sql`lock table service_code.keys in share row exclusive mode`.execute(trx);
        const rows = await trx
          .selectFrom('service_code.keys')
          .select('status')
          .where('status', 'in', ['active', 'next'])
          .execute();
        const have = new Set(rows.map((r) => r.status));
        if (!have.has('active')) await insertKey(trx, 'active', 'system');
        if (!have.has('next')) await insertKey(trx, 'next', 'system');
      });
      await current(true);
    },

    /** The key that signs new codes now. */
    async signingKey(): Promise<SigningKey | undefined> {
      let keys = await current();
      let active = [...keys.values()].find((k) => k.status === 'active');
      if (!active) {
        keys = await current(true);
        active = [...keys.values()].find((k) => k.status === 'active');
      }
      if (!active) return undefined;
      active.privateKey ??= openPrivate(active.kid, active.sealed);
      return { kid: active.kid, privateKey: active.privateKey, pseudonymKey: getPseudonymKey(active.kid) };
    },

    /** The key that opens holder pseudonyms of codes signed with `kid`. */
    pseudonymKey: getPseudonymKey,

    /**
     * A lookup for verifying a code signed with `kid`: the cache, reloaded first if stale or
     * if it lacks `kid` (rate-limited, so garbage kids cannot turn every scan into a query).
     */
    async lookupFor(kid: string | undefined): Promise<KeyLookup> {
      let keys = await current();
      if (kid && !keys.has(kid) && opts.now() - lastMissReload > 2000) {
        lastMissReload = opts.now();
        keys = await current(true);
      }
      return lookupFrom(keys);
    },

    /** The public keys that verifiers should accept now, newest first. */
    async published(): Promise<PublishedKeySet> {
      const keys = await current();
      const now = opts.now();
      const order: Record<KeyStatus, number> = { next: 0, active: 1, retired: 2 };
      return {
        issuer: 'sufu',
        tokenPrefix: TOKEN_PREFIX,
        alg: 'SM2-SM3',
        userId: DEFAULT_SM2_USER_ID,
        signature: 'raw-r-s',
        clockSkewSeconds: opts.skewSeconds,
        keys: [...keys.values()]
          .filter((k) => !k.notAfter || k.notAfter.getTime() > now)
          .sort((a, b) => order[a.status] - order[b.status] || b.notBefore.getTime() - a.notBefore.getTime())
          .map((k) => ({
            kid: k.kid,
            alg: 'SM2-SM3' as const,
            publicKeyPem: k.publicKeyPem,
            publicKeyHex: k.publicKey.publicKeyHex,
            notBefore: k.notBefore.toISOString(),
            notAfter: k.notAfter?.toISOString() ?? null,
            retiredAt: k.retiredAt?.toISOString() ?? null,
            status: k.status,
          })),
      };
    },

    /**
     * Rotation with overlap: the active key retires (stops signing, stays verifiable for
     * `overlapSeconds`), the published next key starts signing (or a new one if there is
     * none), and a new next key is published for gates to fetch ahead of time. An overlap
     * of 0 withdraws the old key at once (a compromised key): its codes are refused.
     */
    async rotate(ctx: AuditContext, overlapSeconds: number) {
      const result = await opts.db.transaction().execute(async (t) => {
        const trx = t as unknown as Kysely<ServiceCodeTables>;
        await sql`lock table service_code.keys in share row exclusive mode`.execute(trx);
        const now = new Date(opts.now());
        const rows = await trx
          .selectFrom('service_code.keys')
          .select(['kid', 'status'])
          .where('status', 'in', ['active', 'next'])
          .execute();
        const active = rows.find((r) => r.status === 'active');
        const next = rows.find((r) => r.status === 'next');
        if (active) {
          await trx
            .updateTable('service_code.keys')
            .set({
              status: 'retired',
              retired_at: now,
              not_after: new Date(now.getTime() + overlapSeconds * 1000),
            })
            .where('kid', '=', active.kid)
            .execute();
        }
        let activeKid: string;
        if (next) {
          await trx
            .updateTable('service_code.keys')
            .set({ status: 'active', activated_at: now })
            .where('kid', '=', next.kid)
            .execute();
          activeKid = next.kid;
        } else {
          activeKid = await insertKey(trx, 'active', ctx.actor.accountId ?? ctx.actor.display);
        }
        const nextKid = await insertKey(trx, 'next', ctx.actor.accountId ?? ctx.actor.display);
        const summary = { retired: active?.kid ?? null, active: activeKid, next: nextKid, overlapSeconds };
        await recordAudit(trx, ctx, {
          action: 'service-code.key_rotated',
          resourceType: 'service-code-key',
          resourceId: activeKid,
          details: summary,
        });
        return summary;
      });
      await current(true);
      return result;
    },

    /** Every key row (admin view), without private material. */
    async list() {
      return db
        .selectFrom('service_code.keys')
        .select([
          'kid',
          'status',
          'public_key_hex',
          'not_before',
          'activated_at',
          'retired_at',
          'not_after',
          'created_at',
        ])
        .orderBy('created_at', 'desc')
        .execute();
    },
  };
}

export type KeyStore = ReturnType<typeof createKeyStore>;
