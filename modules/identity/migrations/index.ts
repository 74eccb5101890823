import { sql, type Kysely } from 'kysely';
import type { MigrationSet } from '@sufu/kernel';

export const identityMigrations: MigrationSet = {
  '2026-11-27T0100-identity-base': {
    async up(db: Kysely<unknown>) {
      await sql`create schema if not exists identity`.execute(db);
      // The population and organisation records stand in for the public-security and
      // market-regulation sources until the data-sharing base libraries arrive.
      await sql`
        create table identity.persons (
          id uuid primary key default gen_random_uuid(),
          id_number text not null unique,
          name text not null,
          sex text not null check (sex in ('male', 'female')),
          birth_date date not null,
          region_code text not null,
          mobile text,
          created_at timestamptz not null default now()
        )`.execute(db);
      await sql`create index persons_region on identity.persons (region_code)`.execute(db);
      await sql`create unique index persons_mobile on identity.persons (mobile) where mobile is not null`.execute(
        db,
      );
      await sql`
        create table identity.organisations (
          id uuid primary key default gen_random_uuid(),
          credit_code text not null unique,
          name text not null,
          org_type text not null,
          region_code text not null,
          legal_rep_person_id uuid references identity.persons(id),
          established_on date,
          created_at timestamptz not null default now()
        )`.execute(db);
      await sql`create index organisations_region on identity.organisations (region_code)`.execute(db);
      await sql`
        create table identity.accounts (
          id uuid primary key default gen_random_uuid(),
          kind text not null check (kind in ('person', 'staff')),
          username text not null,
          display_name text not null,
          person_id uuid references identity.persons(id),
          department_id text,
          region_code text,
          password_hash text not null,
          password_changed_at timestamptz not null default now(),
          status text not null default 'active' check (status in ('active', 'disabled')),
          failed_attempts integer not null default 0,
          locked_until timestamptz,
          totp_secret_sealed text,
          totp_enrolled_at timestamptz,
          totp_last_counter bigint,
          real_name_level text check (real_name_level in ('L1', 'L2', 'L3')),
          last_login_at timestamptz,
          created_at timestamptz not null default now()
        )`.execute(db);
      await sql`create unique index accounts_username on identity.accounts (lower(username))`.execute(db);
      await sql`create unique index accounts_person on identity.accounts (person_id) where person_id is not null`.execute(
        db,
      );
      await sql`
        create table identity.account_roles (
          account_id uuid not null references identity.accounts(id),
          role text not null,
          department_id text,
          region_code text,
          granted_by uuid,
          granted_at timestamptz not null default now()
        )`.execute(db);
      await sql`create unique index account_roles_unique on identity.account_roles (account_id, role, coalesce(department_id, ''))`.execute(
        db,
      );
      await sql`
        create table identity.sessions (
          id text primary key,
          account_id uuid not null references identity.accounts(id),
          created_at timestamptz not null default now(),
          last_seen_at timestamptz not null default now(),
          expires_at timestamptz not null,
          idle_timeout_seconds integer not null,
          mfa_passed boolean not null,
          pending_totp_sealed text,
          revoked_at timestamptz,
          revoked_reason text,
          ip text,
          user_agent text
        )`.execute(db);
      await sql`create index sessions_account on identity.sessions (account_id) where revoked_at is null`.execute(
        db,
      );
    },
  },
};
