/**
 * How documents, names and plates are compared: screening and the watch list both key on these forms, so
 * spellings that do not change who or what is meant, or that only look the same, do not change the key.
 *
 * Names and plates are compared by skeleton (Unicode TS #39): compatibility forms folded (NFKC, so
 * full-width letters are plain ones), invisible characters dropped, case folded, diacritics removed, and
 * every character replaced by the prototype it is confusable with, from Unicode's confusables data. Only
 * the screening code imports this module: the web pages never load that data.
 */
import confusablePrototypes from 'unhomoglyph/data.json' with { type: 'json' };

const prototypes: Readonly<Record<string, string>> = confusablePrototypes;

/** Full case folding as far as the language offers it: `ß` and `SS`, `ς` and `σ` fold alike. */
const foldCase = (value: string) => value.toUpperCase().toLowerCase();
const withoutMarks = (value: string) => value.normalize('NFD').replace(/\p{M}/gu, '');
const toPrototypes = (value: string) => Array.from(value, (character) => prototypes[character] ?? character).join('');
const withoutInvisibles = (value: string) => value.replace(/[\p{Default_Ignorable_Code_Point}\p{Cf}]/gu, '');
const words = (value: string) => value.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/**
 * The two skeletons of a text, one from its small and one from its capital letters, each folded to one
 * case. Look-alikes differ by case: Greek `ν` looks like `v` but its capital `Ν` like `N`; Cyrillic `К`
 * looks like `K` but its small `к` like a small capital. A look-alike in either case meets the letter it
 * imitates in one of the two, and case never changes either.
 */
function skeletons(value: string): string[] {
  const visible = withoutInvisibles(value.normalize('NFKC'));
  const skeletonOf = (cased: string) => foldCase(withoutMarks(toPrototypes(withoutMarks(cased))));
  return [...new Set([skeletonOf(foldCase(visible)), skeletonOf(visible.toUpperCase())])];
}

/** Case, accents, look-alike letters, invisible characters, punctuation, spacing and word order do not change the keys. */
export function nameSkeletons(value: string): string[] {
  return [...new Set(skeletons(value).map((skeleton) => words(skeleton).sort().join(' ')))];
}

/** Plates: letters and digits only (a province character such as 云 stays), then the same skeletons. */
export function plateSkeletons(value: string): string[] {
  return [...new Set(skeletons(words(value.normalize('NFKC')).join('')).map((skeleton) => words(skeleton).join('')))];
}

export const personWatchValues = (fullName: string, dateOfBirth: string) =>
  nameSkeletons(fullName).map((skeleton) => `${skeleton}|${dateOfBirth}`);

/** Scripts that a word may combine: Japanese writes Han with kana, Korean Han with Hangul, Chinese Han with Bopomofo. */
const writingSystemsOf: Record<string, readonly string[]> = {
  Han: ['Japanese', 'Korean', 'Chinese'],
  Hiragana: ['Japanese'],
  Katakana: ['Japanese'],
  Hangul: ['Korean'],
  Bopomofo: ['Chinese'],
};

/** The scripts of the names this service sees and of the look-alikes used against them; any other counts as one script of its own. */
const scriptPatterns = [
  'Latin', 'Cyrillic', 'Greek', 'Armenian', 'Georgian', 'Cherokee', 'Coptic', 'Han', 'Hiragana', 'Katakana', 'Hangul',
  'Bopomofo', 'Lao', 'Thai', 'Myanmar', 'Khmer', 'Tai_Le', 'New_Tai_Lue', 'Tai_Tham', 'Tai_Viet', 'Lisu', 'Yi', 'Tibetan',
  'Mongolian', 'Arabic', 'Hebrew', 'Devanagari', 'Bengali', 'Tamil', 'Ethiopic', 'Canadian_Aboriginal',
].map((script) => ({ script, pattern: new RegExp(`\\p{Script_Extensions=${script}}`, 'u') }));

/** The writing systems a letter can belong to, or undefined for one that belongs to every script (Common, Inherited). */
function writingSystemsOfLetter(letter: string): Set<string> | undefined {
  if (/[\p{scx=Zyyy}\p{scx=Zinh}]/u.test(letter)) return undefined;
  const scripts = scriptPatterns.filter(({ pattern }) => pattern.test(letter)).map(({ script }) => script);
  return new Set((scripts.length > 0 ? scripts : ['Other']).flatMap((script) => [script, ...(writingSystemsOf[script] ?? [])]));
}

/** Whether one word of the name takes its letters from scripts that do not go together (TS #39's resolved script set is empty). */
export function mixesScriptsWithinAWord(value: string): boolean {
  const wordsWithMarks = withoutInvisibles(value.normalize('NFKC')).split(/[^\p{L}\p{M}\p{N}]+/u);
  return wordsWithMarks.some((word) => {
    let common: Set<string> | undefined;
    for (const letter of word) {
      const systems = writingSystemsOfLetter(letter);
      if (!systems) continue;
      common = common ? new Set([...common].filter((system) => systems.has(system))) : systems;
      if (common.size === 0) return true;
    }
    return false;
  });
}
