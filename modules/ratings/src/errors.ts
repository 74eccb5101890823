import { defineError, type Localized } from '@sufu/kernel';

/** Problem codes of the ratings module (好差评). */
export const RatingsErrors = {
  caseNotFound: defineError('ratings.case_not_found', 'not_found', {
    'zh-CN': '未找到该办件，或该办件不属于您。',
    en: 'No such case, or the case is not yours.',
  }),
  notRatable: defineError('ratings.case_not_concluded', 'conflict', {
    'zh-CN': '该办件尚未办结，办结后才能评价。',
    en: 'The case has not been concluded yet; you can rate it once it is.',
  }),
  alreadyRated: defineError('ratings.already_rated', 'conflict', {
    'zh-CN': '该办件已评价，如需修改请使用追加评价（仅限一次）。',
    en: 'This case has already been rated; you may amend the rating once.',
  }),
  amendedAlready: defineError('ratings.amended_already', 'conflict', {
    'zh-CN': '评价只能修改一次，您已修改过。',
    en: 'A rating can be amended only once, and this one has been.',
  }),
  notRated: defineError('ratings.not_rated', 'not_found', {
    'zh-CN': '该办件尚未评价。',
    en: 'This case has not been rated yet.',
  }),
  invalidReason: defineError('ratings.invalid_reason', 'unprocessable', {
    'zh-CN': '所选原因不适用于该评分或已停用。',
    en: 'A chosen reason does not apply to this score or is no longer in use.',
  }),
  rectificationNotFound: defineError('ratings.rectification_not_found', 'not_found', {
    'zh-CN': '未找到该整改单。',
    en: 'No such rectification.',
  }),
  transitionNotAllowed: defineError('ratings.transition_not_allowed', 'conflict', {
    'zh-CN': '整改单当前状态下不能执行该操作。',
    en: 'This action is not possible in the rectification’s current state.',
  }),
  versionConflict: defineError('ratings.version_conflict', 'conflict', {
    'zh-CN': '整改单已被他人更新，请刷新后重试。',
    en: 'Someone else changed the rectification; reload and try again.',
  }),
  itemNotFound: defineError('ratings.item_not_found', 'not_found', {
    'zh-CN': '暂无该事项的办件数据。',
    en: 'No case data for this item yet.',
  }),
  textRequired: defineError('ratings.text_required', 'validation', {
    'zh-CN': '请填写说明。',
    en: 'Please enter the explanation.',
  }),
  duplicateReason: defineError('ratings.duplicate_reason', 'validation', {
    'zh-CN': '原因编号不能重复。',
    en: 'Reason ids must be unique.',
  }),
};

/** Audit action names of this module, for the audit screens (identity's extendActionNames). */
export const RATINGS_ACTION_NAMES: Record<string, Localized> = {
  'ratings.rated': { 'zh-CN': '评价办件', en: 'Rated a case' },
  'ratings.amended': { 'zh-CN': '修改评价', en: 'Amended a rating' },
  'ratings.rating_read': { 'zh-CN': '查看评价', en: 'Viewed a rating' },
  'ratings.rectification_opened': { 'zh-CN': '差评生成整改单', en: 'Opened a rectification' },
  'ratings.rectification_read': { 'zh-CN': '查看整改单', en: 'Viewed a rectification' },
  'ratings.rectification_verify': { 'zh-CN': '核实差评', en: 'Verified a complaint' },
  'ratings.rectification_unfounded': { 'zh-CN': '认定差评不实', en: 'Marked a complaint unfounded' },
  'ratings.rectification_reply': { 'zh-CN': '整改答复', en: 'Replied to a complaint' },
  'ratings.rectification_closed': { 'zh-CN': '整改办结', en: 'Closed a rectification' },
  'ratings.rectification_escalated': { 'zh-CN': '整改超期督办', en: 'Escalated an overdue rectification' },
  'ratings.reasons_updated': { 'zh-CN': '修改评价原因', en: 'Changed the rating reasons' },
  'ratings.settings_updated': { 'zh-CN': '修改好差评设置', en: 'Changed the rating settings' },
};
