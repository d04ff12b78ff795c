/** The language on the page: `lang`, every element marked for translation, and the header's switcher. */
import { currentLanguage, languages, STORAGE_KEY, t } from './index.ts';

/** Applies the language to the page: `lang`, and every element marked with data-i18n attributes. */
export function applyLanguage(root: ParentNode = document): void {
  document.documentElement.lang = currentLanguage();
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n]')) {
    element.textContent = t(element.dataset.i18n!, element.dataset.i18nN ? { n: element.dataset.i18nN } : {});
  }
  for (const element of root.querySelectorAll<HTMLElement>('[data-i18n-aria-label]')) {
    element.setAttribute('aria-label', t(element.dataset.i18nAriaLabel!));
  }
}

/** The language switcher in the page header; remembers the choice and re-renders. */
export function mountLanguageSwitcher(onChange: () => void): void {
  const select = document.querySelector<HTMLSelectElement>('#language');
  if (!select) return;
  select.replaceChildren(...languages.map((language) => new Option(language.name, language.code)));
  select.value = currentLanguage();
  select.addEventListener('change', () => {
    localStorage.setItem(STORAGE_KEY, select.value);
    applyLanguage();
    onChange();
  });
  applyLanguage();
}
