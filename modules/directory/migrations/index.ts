import { sql, type Kysely } from 'kysely';
import type { MigrationSet } from '@sufu/kernel';

export const directoryMigrations: MigrationSet = {
  '2026-11-27T0050-directory-departments': {
    async up(db: Kysely<unknown>) {
      await sql`create schema if not exists directory`.execute(db);
      await sql`
        create table directory.departments (
          id text primary key,
          credit_code text not null unique,
          name text not null,
          name_en text not null,
          level text not null check (level in ('province', 'city', 'county')),
          region_code text not null,
          kind text not null,
          synthetic_code boolean not null default true,
          created_at timestamptz not null default now()
        )`.execute(db);
      await sql`create index departments_region on directory.departments (region_code)`.execute(db);
    },
  },
};
