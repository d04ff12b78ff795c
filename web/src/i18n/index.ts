/**
 * The web's four languages: the chosen language, labels by key, translated validation messages, and
 * dates in Asia/Shanghai. One dictionary file per language beside this one; a unit test keeps them complete.
 */
import { en } from './en.ts';
import type { LanguagePack } from './language-pack.ts';
import { lo } from './lo.ts';
import { messagePatterns } from './messages.ts';
import { my } from './my.ts';
import { zhCN } from './zh-CN.ts';

export type Language = 'zh-CN' | 'en' | 'lo' | 'my';
export const languages: { code: Language; name: string }[] = [
  { code: 'zh-CN', name: '简体中文' },
  { code: 'en', name: 'English' },
  { code: 'lo', name: 'ພາສາລາວ' },
  { code: 'my', name: 'မြန်မာဘာသာ' },
];

export const languagePacks: Record<Language, LanguagePack> = { en, 'zh-CN': zhCN, lo, my };
export const dictionaries: Record<Language, Record<string, string>> = {
  en: en.labels,
  'zh-CN': zhCN.labels,
  lo: lo.labels,
  my: my.labels,
};
export const STORAGE_KEY = 'permit-fast-track.language';

/** Adds labels that only one page uses, so that the other pages' bundles do not carry them. */
export function addLabels(labels: Record<Language, Record<string, string>>): void {
  for (const language of Object.keys(labels) as Language[]) Object.assign(dictionaries[language], labels[language]);
}

export function currentLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY) as Language | null;
  if (stored && stored in dictionaries) return stored;
  const preferred = navigator.language.toLowerCase();
  if (preferred.startsWith('zh')) return 'zh-CN';
  if (preferred.startsWith('lo')) return 'lo';
  if (preferred.startsWith('my')) return 'my';
  return 'en';
}

export function t(key: string, values: Record<string, string | number> = {}): string {
  const text = dictionaries[currentLanguage()][key] ?? en.labels[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? ''));
}

/** A validation message in the page's language (English messages are their own key). */
export function translateMessage(message: string): string {
  const language = currentLanguage();
  if (language === 'en') return message;
  const pack = languagePacks[language];
  const exact = pack.validation[message];
  if (exact) return exact;
  for (const { pattern, key } of messagePatterns) {
    if (!pattern.test(message)) continue;
    return pack.validation[key] ?? pack.patterns[key] ?? message;
  }
  return message;
}

/**
 * The page's language for Intl, or undefined where the browser has no data for it (Chromium has none for
 * Lao or Burmese and would fall back to English month names): then dates are written in digits alone.
 */
export function intlLanguage(): Language | undefined {
  const language = currentLanguage();
  return Intl.DateTimeFormat.supportedLocalesOf(language).length > 0 ? language : undefined;
}

/** `2026-12-01 10:00` in Asia/Shanghai: no word of any language. */
function digitsOnly(date: Date, withTime: boolean): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(date)
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}${withTime ? ` ${parts.hour}:${parts.minute}` : ''}`;
}

/** Dates and times in Asia/Shanghai, in the page's language. */
export function formatDateTime(iso: string): string {
  const language = intlLanguage();
  const text = language
    ? new Intl.DateTimeFormat(language, { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso))
    : digitsOnly(new Date(iso), true);
  return `${text} (UTC+8)`;
}

/** A calendar date (`YYYY-MM-DD`, already an Asia/Shanghai date) in the page's language. */
export function formatDate(date: string): string {
  const language = intlLanguage();
  return language ? new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${date}T00:00:00Z`)) : date;
}

export function formatDuration(milliseconds: number): string {
  const minutes = Math.max(0, Math.floor(milliseconds / 60_000));
  return t('duration.hm', { h: Math.floor(minutes / 60), m: minutes % 60 });
}
