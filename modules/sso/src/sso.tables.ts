import type { ColumnType } from 'kysely';

/** Kysely view of schema `sso` (see migrations/index.ts for what each table is for). */
export type SsoTables = {
  'sso.clients': {
    client_id: string;
    name: string;
    department_id: string | null;
    secret_sealed: string;
    secret_rotated_at: ColumnType<Date, Date | undefined, Date>;
    token_endpoint_auth_method: 'client_secret_basic' | 'client_secret_post';
    redirect_uris: string[];
    post_logout_redirect_uris: string[];
    backchannel_logout_uri: string | null;
    grant_types: string[];
    allowed_scopes: string[];
    allowed_claims: string[];
    status: ColumnType<'active' | 'disabled', 'active' | 'disabled' | undefined, 'active' | 'disabled'>;
    created_at: ColumnType<Date, Date | undefined, never>;
    updated_at: ColumnType<Date, Date | undefined, Date>;
  };
  'sso.signing_keys': {
    kid: string;
    alg: string;
    state: 'next' | 'active' | 'retired' | 'removed';
    public_jwk: ColumnType<Record<string, unknown>, string, string>;
    private_jwk_sealed: string | null;
    created_at: ColumnType<Date, Date | undefined, Date>;
    activated_at: Date | null;
    retired_at: Date | null;
    removed_at: Date | null;
  };
  'sso.oidc_payloads': {
    model: string;
    id: string;
    payload: ColumnType<Record<string, unknown>, string, string>;
    grant_id: string | null;
    uid: string | null;
    user_code: string | null;
    account_id: string | null;
    client_id: string | null;
    expires_at: Date | null;
    consumed_at: Date | null;
  };
};
