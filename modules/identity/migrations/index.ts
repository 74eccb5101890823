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
  '2026-11-27T0110-identity-registration-agents': {
    async up(db: Kysely<unknown>) {
      // Persons not found in the population library may self-register (real-name L1);
      // their records are kept apart from the authoritative ones.
      await sql`alter table identity.persons add column source text not null default 'population' check (source in ('population', 'self_declared'))`.execute(
        db,
      );
      await sql`
        create table identity.otp_challenges (
          id uuid primary key default gen_random_uuid(),
          purpose text not null check (purpose in ('register', 'login')),
          mobile_digest text not null,
          code_digest text not null,
          created_at timestamptz not null default now(),
          expires_at timestamptz not null,
          attempts integer not null default 0,
          consumed_at timestamptz
        )`.execute(db);
      await sql`create index otp_mobile on identity.otp_challenges (mobile_digest, purpose, created_at)`.execute(
        db,
      );
      await sql`
        create table identity.verification_requests (
          id uuid primary key default gen_random_uuid(),
          account_id uuid not null references identity.accounts(id),
          region_code text not null,
          requested_at timestamptz not null default now(),
          status text not null default 'pending' check (status in ('pending', 'approved', 'rejected', 'cancelled')),
          decided_by uuid,
          decided_at timestamptz,
          department_id text,
          note text
        )`.execute(db);
      await sql`create unique index verification_pending on identity.verification_requests (account_id) where status = 'pending'`.execute(
        db,
      );
      await sql`
        create table identity.org_authorisations (
          id uuid primary key default gen_random_uuid(),
          organisation_id uuid not null references identity.organisations(id),
          account_id uuid not null references identity.accounts(id),
          role text not null check (role in ('legal_rep', 'agent')),
          scope_all boolean not null,
          scope_services jsonb not null default '[]'::jsonb,
          valid_from timestamptz not null default now(),
          valid_until timestamptz,
          granted_by uuid,
          created_at timestamptz not null default now(),
          revoked_at timestamptz,
          revoked_by uuid
        )`.execute(db);
      await sql`create index org_auth_account on identity.org_authorisations (account_id) where revoked_at is null`.execute(
        db,
      );
      await sql`create index org_auth_org on identity.org_authorisations (organisation_id) where revoked_at is null`.execute(
        db,
      );
      await sql`alter table identity.sessions add column acting_org_id uuid`.execute(db);
    },
  },
};
