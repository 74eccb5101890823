import { defineError } from '@sufu/kernel';

export const CaseErrors = {
  notFound: defineError('cases.not_found', 'not_found', { 'zh-CN': '未找到该办件。', en: 'No such case.' }),
  draftNotFound: defineError('cases.draft_not_found', 'not_found', {
    'zh-CN': '未找到该草稿。',
    en: 'No such draft.',
  }),
  itemUnavailable: defineError('cases.item_unavailable', 'unprocessable', {
    'zh-CN': '该事项当前不可在线申请。',
    en: 'This service cannot be applied for online at the moment.',
  }),
  formInvalid: defineError('cases.form_invalid', 'unprocessable', {
    'zh-CN': '申请表填写有误，请按提示修改。',
    en: 'The application form has errors; correct them and try again.',
  }),
  consentRequired: defineError('cases.consent_required', 'unprocessable', {
    'zh-CN': '请确认同意使用共享数据和电子证照后再提交。',
    en: 'Confirm your consent to the use of shared data and e-certificates before submitting.',
  }),
  materialsMissing: defineError('cases.materials_missing', 'unprocessable', {
    'zh-CN': '还有必须提交的材料未上传。',
    en: 'Some required materials have not been uploaded.',
  }),
  levelTooLow: defineError('cases.real_name_level', 'forbidden', {
    'zh-CN': '该事项需要更高的实名认证等级。',
    en: 'This service needs a higher real-name verification level.',
  }),
  idempotencyReused: defineError('cases.idempotency_key_reused', 'unprocessable', {
    'zh-CN': '该幂等键已用于另一份申请。',
    en: 'This Idempotency-Key was already used for a different application.',
  }),
  versionConflict: defineError('cases.version_conflict', 'conflict', {
    'zh-CN': '办件已被他人处理，请刷新后重试。',
    en: 'The case was changed by someone else; reload and try again.',
  }),
  transitionNotAllowed: defineError('cases.transition_not_allowed', 'conflict', {
    'zh-CN': '办件当前状态下不能进行此操作。',
    en: 'This action is not possible in the case’s current state.',
  }),
  correctionOnce: defineError('cases.correction_once', 'conflict', {
    'zh-CN': '补正只能一次性告知，本件已告知过补正。',
    en: 'A correction may be requested only once, and it was already requested for this case.',
  }),
  reasonsRequired: defineError('cases.reasons_required', 'unprocessable', {
    'zh-CN': '请填写理由。',
    en: 'Give the reasons.',
  }),
  tasksOpen: defineError('cases.tasks_open', 'conflict', {
    'zh-CN': '还有部门的审查任务未完成，暂不能作出决定。',
    en: 'Other departments have not finished their review yet.',
  }),
  notYourDepartment: defineError('cases.not_your_department', 'forbidden', {
    'zh-CN': '该办件不属于您所在部门或地区办理。',
    en: 'This case is not handled by your department or region.',
  }),
  fileTooLarge: defineError('cases.file_too_large', 'payload_too_large', {
    'zh-CN': '文件过大，单个文件不能超过 10 MB。',
    en: 'The file is too large; the limit is 10 MB.',
  }),
  fileTypeUnsupported: defineError('cases.file_type_unsupported', 'unsupported_media_type', {
    'zh-CN': '只接受 PDF、OFD、JPEG、PNG 格式的文件。',
    en: 'Only PDF, OFD, JPEG and PNG files are accepted.',
  }),
  fileTypeMismatch: defineError('cases.file_type_mismatch', 'unsupported_media_type', {
    'zh-CN': '文件内容与声明的类型不符。',
    en: 'The file content does not match its declared type.',
  }),
  fileEmpty: defineError('cases.file_empty', 'validation', {
    'zh-CN': '文件为空。',
    en: 'The file is empty.',
  }),
  materialUnknown: defineError('cases.material_unknown', 'validation', {
    'zh-CN': '该事项没有这项材料。',
    en: 'This service has no such material.',
  }),
  tooManyFiles: defineError('cases.too_many_files', 'conflict', {
    'zh-CN': '每项材料最多上传 10 个文件。',
    en: 'At most 10 files per material.',
  }),
  applicantUnknown: defineError('cases.applicant_unknown', 'unprocessable', {
    'zh-CN': '人口基础信息库中没有该身份证号码，或姓名不一致。',
    en: 'No person with this ID number and name in the population base library.',
  }),
  notRateable: defineError('cases.not_editable', 'conflict', {
    'zh-CN': '办件当前状态下不能修改。',
    en: 'The case cannot be changed in its current state.',
  }),
};
