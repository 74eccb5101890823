import type { Generated } from 'kysely';
import type { ItemSnapshot, Material } from './schemas.ts';

export type CatalogTables = {
  'catalog.service_items': {
    id: string;
    basic_code: string;
    demo_code: boolean;
    name: string;
    name_en: string;
    item_type: string | null;
    audience: ItemSnapshot['audience'];
    department_id: string;
    implementing_level: string | null;
    legal_basis: string[];
    legal_time_limit_days: number | null;
    legal_time_limit_unit: 'working_days' | 'days' | null;
    legal_time_limit_text: string | null;
    promised_time_limit_days: number | null;
    promised_is_demo: boolean;
    on_site_visits: number | null;
    on_site_visits_is_demo: boolean;
    fee_charged: boolean | null;
    fee_detail: string | null;
    materials: Material[] | null;
    materials_note: string | null;
    result_certificate: string | null;
    source_url: string | null;
    status: ItemSnapshot['status'];
    current_version: number;
    updated_at: Generated<Date>;
  };
  'catalog.service_item_versions': {
    position: Generated<string>;
    item_id: string;
    version: number;
    snapshot: ItemSnapshot;
    published_at: Generated<Date>;
    published_by: string;
  };
  'catalog.life_events': {
    id: string;
    name: string;
    name_en: string;
    item_ids: string[];
    other_steps: string[];
    scope: string | null;
    note: string | null;
    position: number;
  };
};
