import type { Language } from '../../webresources/src/shared/crm-language';

/** The preview's own words (start page and the stand-in phone-call form), in the product's three languages. */
const en = {
  title: 'Ringostat × Smart CRM — preview of the CRM pages',
  intro:
    'These are the pages the solution adds to Smart CRM, running with a small stand-in for the CRM client API over the Dataverse emulator. In Smart CRM they live in the Ringostat app: Ringostat → Calls, Call journal, Settings.',
  pages: 'Pages',
  journal: 'Call journal',
  settings: 'Ringostat settings',
  form: 'Phone call form with the recording player',
  formHint: 'open one of the newest calls below',
  newest: 'Newest phone calls',
  loading: 'Loading…',
  none: 'No phone calls yet: run npm run simulate or send a webhook.',
  failed: 'The calls could not be loaded',
  language: 'Language',
  formTitle: 'Phone call',
  phone: 'Phone number',
  direction: 'Direction',
  start: 'Start',
  result: 'Call result',
  employee: 'Employee',
  ringostatName: 'Name in Ringostat',
  regarding: 'Regarding',
  recording: 'Recording',
};
export type PreviewTexts = Readonly<Record<keyof typeof en, string>>;

const uk: PreviewTexts = {
  title: 'Ringostat × Smart CRM — попередній перегляд сторінок CRM',
  intro:
    'Це сторінки, які рішення додає до Smart CRM; тут вони працюють із невеликою заміною клієнтського API CRM поверх емулятора Dataverse. У Smart CRM вони в застосунку Ringostat: Ringostat → Дзвінки, Журнал дзвінків, Налаштування.',
  pages: 'Сторінки',
  journal: 'Журнал дзвінків',
  settings: 'Налаштування Ringostat',
  form: 'Форма дзвінка з програвачем запису',
  formHint: 'відкрийте один із найновіших дзвінків нижче',
  newest: 'Найновіші дзвінки',
  loading: 'Завантаження…',
  none: 'Дзвінків ще немає: запустіть npm run simulate або надішліть вебхук.',
  failed: 'Не вдалося завантажити дзвінки',
  language: 'Мова',
  formTitle: 'Дзвінок',
  phone: 'Номер телефону',
  direction: 'Напрямок',
  start: 'Початок',
  result: 'Результат дзвінка',
  employee: 'Співробітник',
  ringostatName: 'Ім’я в Ringostat',
  regarding: 'Стосується',
  recording: 'Запис розмови',
};

const ru: PreviewTexts = {
  title: 'Ringostat × Smart CRM — предварительный просмотр страниц CRM',
  intro:
    'Это страницы, которые решение добавляет в Smart CRM; здесь они работают с небольшой заменой клиентского API CRM поверх эмулятора Dataverse. В Smart CRM они в приложении Ringostat: Ringostat → Звонки, Журнал звонков, Настройки.',
  pages: 'Страницы',
  journal: 'Журнал звонков',
  settings: 'Настройки Ringostat',
  form: 'Форма звонка с проигрывателем записи',
  formHint: 'откройте один из самых новых звонков ниже',
  newest: 'Самые новые звонки',
  loading: 'Загрузка…',
  none: 'Звонков ещё нет: запустите npm run simulate или отправьте вебхук.',
  failed: 'Не удалось загрузить звонки',
  language: 'Язык',
  formTitle: 'Звонок',
  phone: 'Номер телефона',
  direction: 'Направление',
  start: 'Начало',
  result: 'Результат звонка',
  employee: 'Сотрудник',
  ringostatName: 'Имя в Ringostat',
  regarding: 'В отношении',
  recording: 'Запись разговора',
};

const ALL: Readonly<Record<Language, PreviewTexts>> = { en, uk, ru };

export function previewTexts(language: Language): PreviewTexts {
  return ALL[language];
}

/** ?lang=uk|en|ru on any preview URL, else the preview's configured CRM language. */
export function previewLanguage(search: string, configuredLcid: number): Language {
  const lang = new URLSearchParams(search).get('lang');
  if (lang === 'uk' || lang === 'en' || lang === 'ru') return lang;
  return configuredLcid === 1033 ? 'en' : configuredLcid === 1049 ? 'ru' : 'uk';
}
