/** The catalog module: government service items (政务服务事项), published versions, one-thing bundles. */
export {
  createCatalogModule,
  CatalogErrors,
  type CatalogModule,
  type CatalogApi,
  type CatalogDirectory,
} from './catalog.module.ts';
export {
  implementationCode,
  parseImplementationCode,
  syntheticBasicCode,
  levelOfDepartment,
} from './codes.ts';
export type { ItemSnapshot, Material } from './schemas.ts';
export { catalogMigrations } from '../migrations/index.ts';
