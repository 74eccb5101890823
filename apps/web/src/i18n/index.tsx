import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import { zhCN, type MessageKey } from './zh-CN.ts';
import { en } from './en.ts';

export type { MessageKey } from './zh-CN.ts';

/** The two UI languages. zh-CN is the default. */
export type Locale = 'zh-CN' | 'en';

/** A text the server sends in both languages (problem messages, role names, ...). */
export type Localized = { 'zh-CN': string; en: string };

export type TranslateVars = Record<string, string | number>;
export type Translate = (key: MessageKey, vars?: TranslateVars) => string;

const STORAGE_KEY = 'sufu.locale';
const dictionaries: Record<Locale, Record<MessageKey, string>> = { 'zh-CN': zhCN, en };

let currentLocale: Locale = readStoredLocale();

/** The current UI locale, for code outside React (the API client's Accept-Language). */
export function getLocale(): Locale {
  return currentLocale;
}

function readStoredLocale(): Locale {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

/** Fill `{name}` placeholders. Unknown placeholders stay visible, which makes mistakes easy to spot. */
export function format(template: string, vars?: TranslateVars): string {
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(vars, name) ? String(vars[name]) : whole,
  );
}

export function translate(locale: Locale, key: MessageKey, vars?: TranslateVars): string {
  return format(dictionaries[locale][key], vars);
}

interface I18nValue {
  locale: Locale;
  setLocale: (locale: Locale) => void;
  t: Translate;
  /** Choose the current language from a server-provided pair; falls back to the other one. */
  pick: (text: Localized | null | undefined) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

function applyLocale(locale: Locale): void {
  currentLocale = locale;
  document.documentElement.lang = locale;
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
}

applyLocale(currentLocale);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(currentLocale);

  useEffect(() => {
    applyLocale(locale);
  }, [locale]);

  const setLocale = useCallback((next: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
    applyLocale(next);
    setLocaleState(next);
  }, []);

  const value = useMemo<I18nValue>(
    () => ({
      locale,
      setLocale,
      t: (key, vars) => translate(locale, key, vars),
      pick: (text) => (text ? text[locale] || text[locale === 'en' ? 'zh-CN' : 'en'] || '' : ''),
    }),
    [locale, setLocale],
  );

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n must be used inside <I18nProvider>');
  return value;
}
