/** The catalog module: government service items (政务服务事项), published versions, one-thing bundles. */
export {
  createCatalogModule,
  CatalogErrors,
  type CatalogModule,
  type CatalogApi,
  type CatalogDirectory,
  type CatalogLifeEvent,
  type CatalogScope,
} from './catalog.module.ts';
export {
  implementationCode,
  parseImplementationCode,
  syntheticBasicCode,
  levelOfDepartment,
} from './codes.ts';
export type { ItemSnapshot, Material, Channel } from './schemas.ts';
export { checkForm, PREFILL_FIELDS, type FormSchema, type FormProperty, type PrefillField } from './form.ts';
export { catalogMigrations } from '../migrations/index.ts';
