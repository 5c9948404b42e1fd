import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from './locales/en.json';
import kk from './locales/kk.json';
import ru from './locales/ru.json';

export const LANGUAGES = [
  { code: 'ru', label: 'Русский' },
  { code: 'kk', label: 'Қазақша' },
  { code: 'en', label: 'English' },
] as const;

const LANG_KEY = 'registry.lang';
const saved = localStorage.getItem(LANG_KEY);

void i18n.use(initReactI18next).init({
  resources: { ru: { translation: ru }, kk: { translation: kk }, en: { translation: en } },
  lng: saved && LANGUAGES.some((l) => l.code === saved) ? saved : 'ru',
  fallbackLng: 'ru',
  interpolation: { escapeValue: false },
});

// Screen readers pronounce the page in its language.
const apply = (lng: string) => {
  document.documentElement.lang = lng;
  localStorage.setItem(LANG_KEY, lng);
};
apply(i18n.language);
i18n.on('languageChanged', apply);

export default i18n;
