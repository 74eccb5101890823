/**
 * A user-facing message in both locales the platform ships. Validators return messages rather than
 * throwing so that a form can show the zh-CN text to the applicant and the en text to English-locale
 * staff without another lookup table.
 */
export interface LocalizedMessage {
  readonly 'zh-CN': string;
  readonly en: string;
}
