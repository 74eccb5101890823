import type { Generated } from 'kysely';

/** Kysely types of the identity schema; only this module queries these tables. */
export type IdentityTables = {
  'identity.persons': {
    id: Generated<string>;
    id_number: string;
    name: string;
    sex: 'male' | 'female';
    birth_date: string | Date;
    region_code: string;
    mobile: string | null;
    source: Generated<'population' | 'self_declared'>;
    created_at: Generated<Date>;
  };
  'identity.organisations': {
    id: Generated<string>;
    credit_code: string;
    name: string;
    org_type: string;
    region_code: string;
    legal_rep_person_id: string | null;
    established_on: string | Date | null;
    created_at: Generated<Date>;
  };
  'identity.accounts': {
    id: Generated<string>;
    kind: 'person' | 'staff';
    username: string;
    display_name: string;
    person_id: string | null;
    department_id: string | null;
    region_code: string | null;
    password_hash: string;
    password_changed_at: Generated<Date>;
    status: Generated<'active' | 'disabled'>;
    failed_attempts: Generated<number>;
    locked_until: Date | null;
    totp_secret_sealed: string | null;
    totp_enrolled_at: Date | null;
    totp_last_counter: string | null;
    real_name_level: 'L1' | 'L2' | 'L3' | null;
    last_login_at: Date | null;
    created_at: Generated<Date>;
  };
  'identity.account_roles': {
    account_id: string;
    role: string;
    department_id: string | null;
    region_code: string | null;
    granted_by: string | null;
    granted_at: Generated<Date>;
  };
  'identity.sessions': {
    id: string;
    account_id: string;
    created_at: Generated<Date>;
    last_seen_at: Generated<Date>;
    expires_at: Date;
    idle_timeout_seconds: number;
    mfa_passed: boolean;
    pending_totp_sealed: string | null;
    revoked_at: Date | null;
    revoked_reason: string | null;
    ip: string | null;
    user_agent: string | null;
    acting_org_id: Generated<string | null>;
  };
  'identity.otp_challenges': {
    id: Generated<string>;
    purpose: 'register' | 'login';
    mobile_digest: string;
    code_digest: string;
    created_at: Generated<Date>;
    expires_at: Date;
    attempts: Generated<number>;
    consumed_at: Date | null;
  };
  'identity.verification_requests': {
    id: Generated<string>;
    account_id: string;
    region_code: string;
    requested_at: Generated<Date>;
    status: Generated<'pending' | 'approved' | 'rejected' | 'cancelled'>;
    decided_by: string | null;
    decided_at: Date | null;
    department_id: string | null;
    note: string | null;
  };
  'identity.org_authorisations': {
    id: Generated<string>;
    organisation_id: string;
    account_id: string;
    role: 'legal_rep' | 'agent';
    scope_all: boolean;
    scope_services: Generated<string[]>;
    valid_from: Generated<Date>;
    valid_until: Date | null;
    granted_by: string | null;
    created_at: Generated<Date>;
    revoked_at: Date | null;
    revoked_by: string | null;
  };
};
