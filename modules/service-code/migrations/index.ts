import { sql, type Kysely } from 'kysely';
import type { MigrationSet } from '@sufu/kernel';

/**
 * Schema `service_code`: signing keys, scanner devices, the scan log, consumed (single-use)
 * codes and linked cards. Holders are referenced by the identity module's person or
 * organisation id without a foreign key: a module owns only its own schema.
 */
export const serviceCodeMigrations: MigrationSet = {
  '2026-11-27T0400-service-code-base': {
    async up(db: Kysely<unknown>) {
      await sql`create schema if not exists service_code`.execute(db);
      await sql`
        create table service_code.keys (
          kid text primary key check (kid ~ '^[0-9a-f]{8}$'),
          status text not null check (status in ('next', 'active', 'retired')),
          public_key_hex text not null,
          private_key_sealed text not null,
          not_before timestamptz not null,
          activated_at timestamptz,
          retired_at timestamptz,
          not_after timestamptz,
          created_at timestamptz not null default now(),
          created_by text not null,
          check (status <> 'retired' or (retired_at is not null and not_after is not null))
        )`.execute(db);
      // At most one key signs, and at most one waits to sign.
      await sql`create unique index keys_one_active on service_code.keys (status) where status = 'active'`.execute(
        db,
      );
      await sql`create unique index keys_one_next on service_code.keys (status) where status = 'next'`.execute(
        db,
      );

      await sql`
        create table service_code.scanners (
          id uuid primary key default gen_random_uuid(),
          name text not null,
          location text not null,
          department_id text,
          operator_name text,
          profile text not null check (profile in ('gate', 'counter', 'medical', 'transport', 'social-security')),
          client_id text,
          status text not null default 'active' check (status in ('active', 'disabled')),
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now()
        )`.execute(db);
      await sql`create index scanners_client on service_code.scanners (client_id) where client_id is not null`.execute(
        db,
      );

      await sql`
        create table service_code.scans (
          id bigint generated always as identity primary key,
          at timestamptz not null default now(),
          code_id text,
          key_id text,
          holder_type text check (holder_type in ('person', 'organisation')),
          holder_id uuid,
          scanner_id uuid references service_code.scanners(id),
          client_id text,
          device_id text,
          operator_account_id uuid,
          operator_display text not null,
          department_id text,
          profile text not null,
          purpose text not null,
          case_number text,
          outcome text not null,
          request_id text
        )`.execute(db);
      await sql`create index scans_holder on service_code.scans (holder_id, id desc) where holder_id is not null`.execute(
        db,
      );
      await sql`create index scans_at on service_code.scans (at)`.execute(db);

      // Codes used at a counter; kept until they expire (plus clock skew), then purged.
      await sql`
        create table service_code.consumed_codes (
          code_id text primary key,
          expires_at timestamptz not null,
          consumed_at timestamptz not null default now()
        )`.execute(db);
      await sql`create index consumed_codes_expires on service_code.consumed_codes (expires_at)`.execute(db);

      await sql`
        create table service_code.linked_cards (
          id uuid primary key default gen_random_uuid(),
          holder_person_id uuid not null,
          domain text not null check (domain in ('social-security', 'medical', 'transport')),
          number_sealed text not null,
          number_masked text not null,
          number_digest text not null,
          status text not null default 'active' check (status in ('active', 'removed')),
          linked_at timestamptz not null default now(),
          removed_at timestamptz
        )`.execute(db);
      await sql`create unique index linked_cards_one_per_domain on service_code.linked_cards (holder_person_id, domain) where status = 'active'`.execute(
        db,
      );
      // One card belongs to one holder.
      await sql`create unique index linked_cards_number on service_code.linked_cards (domain, number_digest) where status = 'active'`.execute(
        db,
      );
    },
  },
};
