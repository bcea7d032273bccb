import type { Language } from '../shared/crm-language';

/** Texts of the AI analysis panel, in the three languages the pages speak (docs/adr/0105, 0144). */
const en = {
  title: 'Call analysis (Ringostat AI)',
  summary: 'Summary',
  clientMood: 'Customer mood',
  employeeMood: 'Employee mood',
  overallMood: 'Overall mood',
  recommendations: 'Recommendations',
  transcript: 'Transcript',
  jumpTo: 'Play from',
  noTranscript: 'No transcript for this call.',
  loadFailed: 'The AI analysis could not be loaded',
};

export type CallAiTexts = Readonly<Record<keyof typeof en, string>>;

const uk: CallAiTexts = {
  title: 'Аналіз дзвінка (Ringostat AI)',
  summary: 'Підсумок',
  clientMood: 'Настрій клієнта',
  employeeMood: 'Настрій співробітника',
  overallMood: 'Загальний настрій',
  recommendations: 'Рекомендації',
  transcript: 'Розшифровка розмови',
  jumpTo: 'Відтворити з',
  noTranscript: 'Розшифровки для цього дзвінка немає.',
  loadFailed: 'Не вдалося завантажити аналіз дзвінка',
};

const ru: CallAiTexts = {
  title: 'Анализ звонка (Ringostat AI)',
  summary: 'Итог',
  clientMood: 'Настроение клиента',
  employeeMood: 'Настроение сотрудника',
  overallMood: 'Общее настроение',
  recommendations: 'Рекомендации',
  transcript: 'Расшифровка разговора',
  jumpTo: 'Воспроизвести с',
  noTranscript: 'Расшифровки для этого звонка нет.',
  loadFailed: 'Не удалось загрузить анализ звонка',
};

const ALL: Readonly<Record<Language, CallAiTexts>> = { en, uk, ru };

export function callAiTexts(language: Language): CallAiTexts {
  return ALL[language];
}
