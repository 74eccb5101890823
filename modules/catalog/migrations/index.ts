import { sql, type Kysely } from 'kysely';
import type { MigrationSet } from '@sufu/kernel';

export const catalogMigrations: MigrationSet = {
  '2026-11-27T0500-catalog-base': {
    async up(db: Kysely<unknown>) {
      await sql`create schema if not exists catalog`.execute(db);
      // The working row of an item, kept equal to its latest published version: an edit
      // writes the row and publishes a new version in one transaction.
      await sql`
        create table catalog.service_items (
          id text primary key check (id ~ '^[A-Za-z0-9-]{1,40}$'),
          basic_code text not null unique check (basic_code ~ '^[0-9]{12}$'),
          demo_code boolean not null,
          name text not null,
          name_en text not null,
          item_type text,
          audience text not null check (audience in ('person', 'organisation', 'both')),
          department_id text not null,
          implementing_level text,
          legal_basis jsonb not null default '[]'::jsonb,
          legal_time_limit_days integer check (legal_time_limit_days >= 0),
          legal_time_limit_unit text check (legal_time_limit_unit in ('working_days', 'days')),
          legal_time_limit_text text,
          promised_time_limit_days integer check (promised_time_limit_days >= 0),
          promised_is_demo boolean not null,
          on_site_visits integer check (on_site_visits >= 0),
          on_site_visits_is_demo boolean not null,
          fee_charged boolean,
          fee_detail text,
          materials jsonb,
          materials_note text,
          result_certificate text,
          source_url text,
          status text not null default 'in_use' check (status in ('in_use', 'suspended', 'cancelled')),
          current_version integer not null check (current_version >= 1),
          updated_at timestamptz not null default now()
        )`.execute(db);
      await sql`create index service_items_department on catalog.service_items (department_id)`.execute(db);
      await sql`
        create table catalog.service_item_versions (
          position bigint generated always as identity unique,
          item_id text not null references catalog.service_items (id),
          version integer not null check (version >= 1),
          snapshot jsonb not null,
          published_at timestamptz not null default now(),
          published_by text not null,
          primary key (item_id, version)
        )`.execute(db);
      // Published versions are immutable.
      await sql`
        create function catalog.versions_immutable() returns trigger language plpgsql as $$
        begin
          raise exception 'published service item versions are immutable';
        end $$`.execute(db);
      await sql`
        create trigger service_item_versions_immutable
        before update or delete on catalog.service_item_versions
        for each row execute function catalog.versions_immutable()`.execute(db);
      await sql`
        create table catalog.life_events (
          id text primary key,
          name text not null unique,
          name_en text not null,
          item_ids jsonb not null,
          other_steps jsonb not null default '[]'::jsonb,
          scope text,
          note text,
          position integer not null
        )`.execute(db);
    },
  },
  '2026-11-28T0100-catalog-search': {
    async up(db: Kysely<unknown>) {
      // What browsing filters on (the full snapshot stays in the published version).
      await sql`
        alter table catalog.service_items
          add column aliases jsonb not null default '[]'::jsonb,
          add column themes jsonb not null default '[]'::jsonb,
          add column channels jsonb not null default '["web", "mobile", "kiosk", "counter"]'::jsonb,
          add column handling_scope jsonb not null default '["province"]'::jsonb,
          add column materials_exempt integer not null default 0`.execute(db);
      // Bundles become editable: a version counter for optimistic concurrency, the shared
      // form fields (null: computed from the items' forms).
      await sql`
        alter table catalog.life_events
          add column shared_fields jsonb,
          add column version integer not null default 1 check (version >= 1),
          add column updated_at timestamptz not null default now(),
          add column updated_by text not null default 'system'`.execute(db);
    },
  },
};
