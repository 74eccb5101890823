import { sql, type Kysely } from 'kysely';
import type { Adapter, AdapterPayload } from 'oidc-provider';
import type { AnyDb } from '@sufu/kernel';
import type { SsoTables } from './sso.tables.ts';
import type { ClientStore } from './clients.ts';

/**
 * oidc-provider's storage in PostgreSQL: one row per model instance in `sso.oidc_payloads`
 * with its expiry, so sessions, grants, codes, tokens and interactions survive restarts
 * and are shared by every server process. Registered clients come from `sso.clients`.
 */
const epoch = (d: Date) => Math.floor(d.getTime() / 1000);
const str = (v: unknown): string | null => (typeof v === 'string' && v.length <= 200 ? v : null);

class KyselyAdapter implements Adapter {
  constructor(
    private readonly model: string,
    private readonly db: Kysely<SsoTables>,
  ) {}

  async upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void> {
    const row = {
      payload: JSON.stringify(payload),
      grant_id: str(payload.grantId),
      uid: str(payload.uid),
      user_code: str(payload.userCode),
      account_id: str(payload.accountId),
      client_id: str(payload.clientId),
      expires_at: expiresIn ? new Date(Date.now() + expiresIn * 1000) : null,
      consumed_at: typeof payload.consumed === 'number' ? new Date(payload.consumed * 1000) : null,
    };
    await this.db
      .insertInto('sso.oidc_payloads')
      .values({ model: this.model, id, ...row })
      .onConflict((oc) => oc.columns(['model', 'id']).doUpdateSet(row))
      .execute();
  }

  private async findWhere(
    column: 'id' | 'uid' | 'user_code',
    value: string,
  ): Promise<AdapterPayload | undefined> {
    if (typeof value !== 'string' || value.length > 200) return undefined;
    const r = await this.db
      .selectFrom('sso.oidc_payloads')
      .select(['payload', 'consumed_at'])
      .where('model', '=', this.model)
      .where(column, '=', value)
      .where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', sql<Date>`now()`)]))
      .executeTakeFirst();
    if (!r) return undefined;
    const payload = r.payload as AdapterPayload;
    return r.consumed_at ? { ...payload, consumed: epoch(r.consumed_at) } : payload;
  }

  find(id: string) {
    return this.findWhere('id', id);
  }

  findByUid(uid: string) {
    return this.findWhere('uid', uid);
  }

  findByUserCode(userCode: string) {
    return this.findWhere('user_code', userCode);
  }

  async consume(id: string): Promise<void> {
    await this.db
      .updateTable('sso.oidc_payloads')
      .set({ consumed_at: sql<Date>`now()` })
      .where('model', '=', this.model)
      .where('id', '=', id)
      .execute();
  }

  async destroy(id: string): Promise<void> {
    await this.db
      .deleteFrom('sso.oidc_payloads')
      .where('model', '=', this.model)
      .where('id', '=', id)
      .execute();
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    await this.db
      .deleteFrom('sso.oidc_payloads')
      .where('model', '=', this.model)
      .where('grant_id', '=', grantId)
      .execute();
  }
}

/** Clients are registered by administrators, never through the provider. */
class ClientAdapter implements Adapter {
  constructor(private readonly clients: ClientStore) {}
  async find(id: string): Promise<AdapterPayload | undefined> {
    return (await this.clients.metadata(id)) as AdapterPayload | undefined;
  }
  async upsert(): Promise<void> {
    throw new Error('clients are registered through the admin API');
  }
  async findByUid(): Promise<undefined> {
    return undefined;
  }
  async findByUserCode(): Promise<undefined> {
    return undefined;
  }
  async consume(): Promise<void> {}
  async destroy(): Promise<void> {}
  async revokeByGrantId(): Promise<void> {}
}

/** The adapter factory oidc-provider calls once per model name. */
export function createAdapterFactory(db: AnyDb, clients: ClientStore): (name: string) => Adapter {
  const kdb = db as unknown as Kysely<SsoTables>;
  return (name) => (name === 'Client' ? new ClientAdapter(clients) : new KyselyAdapter(name, kdb));
}

/** Deletes rows expired for a while (their TTL already hides them); returns how many. */
export async function sweepExpired(db: AnyDb, graceSeconds = 300, batch = 1000): Promise<number> {
  const r = await sql<{ n: string }>`
    with doomed as (
      select model, id from sso.oidc_payloads
      where expires_at < now() - make_interval(secs => ${graceSeconds})
      limit ${batch}
    )
    delete from sso.oidc_payloads p using doomed d
    where p.model = d.model and p.id = d.id`.execute(db);
  return Number(r.numAffectedRows ?? 0);
}
