/** The clerk console's labels in the four languages; only the console adds them to the dictionaries. */
import type { Language } from '../index.ts';
import { en } from './en.ts';
import { lo } from './lo.ts';
import { my } from './my.ts';
import { zhCN } from './zh-CN.ts';

export const consoleLabels: Record<Language, Record<string, string>> = { en, 'zh-CN': zhCN, lo, my };
