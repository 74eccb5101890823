/** The audit module: the auditor's search and export of the kernel's audit trail. */
export {
  createAuditModule,
  exportAudit,
  auditCsvLine,
  auditJsonLine,
  auditCsvHeader,
} from './audit.module.ts';
