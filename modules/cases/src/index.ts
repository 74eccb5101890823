/** The cases module (办件): applications for service items and one-thing bundles. */
export { createCasesModule, type CasesModule } from './cases.module.ts';
export {
  CASES_EVENTS,
  handlingCandidates,
  type CasesDeps,
  type CasesCatalog,
  type ItemLike,
} from './cases.service.ts';
export {
  identitySharedData,
  interimCertificates,
  type CertificateSource,
  type SharedDataSource,
  type Holder,
} from './sources.ts';
export { validateForm, defaultForm, type FormSchema, type FormProperty } from './form.ts';
export { sniffType, checkUpload, MAX_FILE_BYTES } from './files.ts';
export { deadlines, slaOf } from './sla.ts';
export { casesMigrations } from '../migrations/index.ts';
