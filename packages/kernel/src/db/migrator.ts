import { Migrator, sql, type Migration, type MigrationResultSet } from 'kysely';
import type { AnyDb } from './database.ts';

/**
 * Migrations are timestamped TypeScript files with `sql` templates, owned by the kernel
 * and by each module, merged into one ordered list by name. Once landed a migration is
 * frozen: change the schema with a new file.
 */
export type MigrationSet = Record<string, Migration>;

export function mergeMigrations(...sets: MigrationSet[]): MigrationSet {
  const merged: MigrationSet = {};
  for (const set of sets) {
    for (const [name, m] of Object.entries(set)) {
      if (!/^\d{4}-\d{2}-\d{2}T\d{4}-[a-z0-9-]+$/.test(name)) {
        throw new Error(`Migration name "${name}" must look like 2026-11-27T0900-module-what`);
      }
      if (merged[name]) throw new Error(`Two migrations are named "${name}"`);
      merged[name] = m;
    }
  }
  return merged;
}

function createMigrator(db: AnyDb, migrations: MigrationSet) {
  return new Migrator({
    db,
    migrationTableSchema: 'kernel',
    provider: { getMigrations: async () => migrations },
  });
}

export async function migrateToLatest(db: AnyDb, migrations: MigrationSet): Promise<MigrationResultSet> {
  await sql`create schema if not exists kernel`.execute(db);
  const result = await createMigrator(db, migrations).migrateToLatest();
  if (result.error) throw result.error instanceof Error ? result.error : new Error(String(result.error));
  return result;
}

export async function migrationStatus(
  db: AnyDb,
  migrations: MigrationSet,
): Promise<{ applied: number; pending: number; names: string[] }> {
  await sql`create schema if not exists kernel`.execute(db);
  const list = await createMigrator(db, migrations).getMigrations();
  const applied = list.filter((m) => m.executedAt).length;
  return {
    applied,
    pending: list.length - applied,
    names: list.filter((m) => !m.executedAt).map((m) => m.name),
  };
}
