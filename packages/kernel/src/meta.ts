import { sql } from 'kysely';
import type { AnyDb } from './db/database.ts';

/** Small platform facts kept in the database (e.g. which demo data version was loaded). */
export async function getMeta<T>(db: AnyDb, key: string): Promise<T | undefined> {
  const r = await sql<{ value: T }>`select value from kernel.meta where key = ${key}`.execute(db);
  return r.rows[0]?.value;
}

export async function setMeta(db: AnyDb, key: string, value: unknown): Promise<void> {
  await sql`insert into kernel.meta (key, value) values (${key}, ${JSON.stringify(value)}::jsonb)
            on conflict (key) do update set value = excluded.value, updated_at = now()`.execute(db);
}
