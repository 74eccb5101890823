import type { Localized } from '@sufu/kernel';
import type { Band } from './tables.ts';

/** The five levels of 好差评, 1 (worst) to 5. */
export const SCORE_LABELS: Record<1 | 2 | 3 | 4 | 5, Localized> = {
  1: { 'zh-CN': '非常不满意', en: 'Very dissatisfied' },
  2: { 'zh-CN': '不满意', en: 'Dissatisfied' },
  3: { 'zh-CN': '基本满意', en: 'Fairly satisfied' },
  4: { 'zh-CN': '满意', en: 'Satisfied' },
  5: { 'zh-CN': '非常满意', en: 'Very satisfied' },
};

/** Scores 1–3 pick from what went wrong, 4–5 from what went well. */
export const bandOf = (score: number): Band => (score <= 3 ? 'bad' : 'good');

/** A rating of 1 or 2 is a 差评 and opens a rectification. */
export const isBad = (score: number) => score <= 2;
