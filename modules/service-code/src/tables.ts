import type { Generated } from 'kysely';

/** Kysely types of the service_code schema; only this module queries these tables. */
export const SCANNER_PROFILES = ['gate', 'counter', 'medical', 'transport', 'social-security'] as const;
export type ScannerProfile = (typeof SCANNER_PROFILES)[number];

export const CARD_DOMAINS = ['social-security', 'medical', 'transport'] as const;
export type CardDomain = (typeof CARD_DOMAINS)[number];

export type KeyStatus = 'next' | 'active' | 'retired';

export type ServiceCodeTables = {
  'service_code.keys': {
    kid: string;
    status: KeyStatus;
    public_key_hex: string;
    private_key_sealed: string;
    not_before: Date;
    activated_at: Date | null;
    retired_at: Date | null;
    not_after: Date | null;
    created_at: Generated<Date>;
    created_by: string;
  };
  'service_code.scanners': {
    id: Generated<string>;
    name: string;
    location: string;
    department_id: string | null;
    operator_name: string | null;
    profile: ScannerProfile;
    client_id: string | null;
    status: 'active' | 'disabled';
    created_at: Generated<Date>;
    updated_at: Generated<Date>;
  };
  'service_code.scans': {
    id: Generated<string>;
    at: Generated<Date>;
    code_id: string | null;
    key_id: string | null;
    holder_type: 'person' | 'organisation' | null;
    holder_id: string | null;
    scanner_id: string | null;
    client_id: string | null;
    device_id: string | null;
    operator_account_id: string | null;
    operator_display: string;
    department_id: string | null;
    profile: ScannerProfile;
    purpose: string;
    case_number: string | null;
    outcome: string;
    request_id: string | null;
  };
  'service_code.consumed_codes': {
    code_id: string;
    expires_at: Date;
    consumed_at: Generated<Date>;
  };
  'service_code.linked_cards': {
    id: Generated<string>;
    holder_person_id: string;
    domain: CardDomain;
    number_sealed: string;
    number_masked: string;
    number_digest: string;
    status: 'active' | 'removed';
    linked_at: Generated<Date>;
    removed_at: Date | null;
  };
};
