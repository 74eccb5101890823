import type { Generated } from 'kysely';

export type DirectoryTables = {
  'directory.departments': {
    id: string;
    credit_code: string;
    name: string;
    name_en: string;
    level: 'province' | 'city' | 'county';
    region_code: string;
    kind: string;
    synthetic_code: Generated<boolean>;
    created_at: Generated<Date>;
  };
};
