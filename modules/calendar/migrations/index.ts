import { sql, type Kysely } from 'kysely';
import type { MigrationSet } from '@sufu/kernel';

export const calendarMigrations: MigrationSet = {
  '2026-11-27T0060-calendar-years': {
    async up(db: Kysely<unknown>) {
      await sql`create schema if not exists calendar`.execute(db);
      await sql`
        create table calendar.years (
          year integer primary key check (year between 2000 and 2100),
          holidays jsonb not null,
          makeup_workdays jsonb not null,
          source text not null,
          entered_by text not null,
          entered_at timestamptz not null default now()
        )`.execute(db);
    },
  },
};
