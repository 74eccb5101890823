import { sql, type Kysely } from 'kysely';
import type { MigrationSet } from '@sufu/kernel';

/**
 * Schema `sso`: the registered department systems (clients), the signing keys with their
 * rotation state, and every piece of OpenID provider state (sessions, grants, codes,
 * tokens, interactions…) in one expiring key-value table, so any server process can
 * continue a flow that another one started. Runs on PostgreSQL 15 and PGlite.
 */
export const ssoMigrations: MigrationSet = {
  '2026-11-27T0300-sso-base': {
    async up(db: Kysely<unknown>) {
      await sql`create schema if not exists sso`.execute(db);
      await sql`
        create table sso.clients (
          client_id text primary key check (client_id ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
          name text not null check (char_length(name) between 2 and 100),
          department_id text,
          secret_sealed text not null,
          secret_rotated_at timestamptz not null default now(),
          token_endpoint_auth_method text not null default 'client_secret_basic'
            check (token_endpoint_auth_method in ('client_secret_basic', 'client_secret_post')),
          redirect_uris text[] not null default '{}',
          post_logout_redirect_uris text[] not null default '{}',
          backchannel_logout_uri text,
          grant_types text[] not null,
          allowed_scopes text[] not null,
          allowed_claims text[] not null,
          status text not null default 'active' check (status in ('active', 'disabled')),
          created_at timestamptz not null default now(),
          updated_at timestamptz not null default now()
        )`.execute(db);
      await sql`create index clients_department on sso.clients (department_id)`.execute(db);

      await sql`
        create table sso.signing_keys (
          kid text primary key,
          alg text not null,
          state text not null check (state in ('next', 'active', 'retired', 'removed')),
          public_jwk jsonb not null,
          private_jwk_sealed text,
          created_at timestamptz not null default now(),
          activated_at timestamptz,
          retired_at timestamptz,
          removed_at timestamptz,
          check (state = 'removed' or private_jwk_sealed is not null)
        )`.execute(db);
      // At most one signing key and one announced successor at any time.
      await sql`create unique index signing_keys_one_active on sso.signing_keys (state) where state = 'active'`.execute(
        db,
      );
      await sql`create unique index signing_keys_one_next on sso.signing_keys (state) where state = 'next'`.execute(
        db,
      );

      // oidc-provider's models (Session, Grant, AccessToken, AuthorizationCode, RefreshToken,
      // ClientCredentials, Interaction, ReplayDetection, PushedAuthorizationRequest, …).
      // The extracted columns serve the adapter's secondary lookups.
      await sql`
        create table sso.oidc_payloads (
          model text not null,
          id text not null,
          payload jsonb not null,
          grant_id text,
          uid text,
          user_code text,
          account_id text,
          client_id text,
          expires_at timestamptz,
          consumed_at timestamptz,
          primary key (model, id)
        )`.execute(db);
      await sql`create index oidc_payloads_grant on sso.oidc_payloads (grant_id) where grant_id is not null`.execute(
        db,
      );
      await sql`create index oidc_payloads_uid on sso.oidc_payloads (uid) where uid is not null`.execute(db);
      await sql`create index oidc_payloads_user_code on sso.oidc_payloads (user_code) where user_code is not null`.execute(
        db,
      );
      await sql`create index oidc_payloads_account on sso.oidc_payloads (account_id) where account_id is not null`.execute(
        db,
      );
      await sql`create index oidc_payloads_client on sso.oidc_payloads (client_id) where client_id is not null`.execute(
        db,
      );
      await sql`create index oidc_payloads_expires on sso.oidc_payloads (expires_at) where expires_at is not null`.execute(
        db,
      );
    },
  },
};
