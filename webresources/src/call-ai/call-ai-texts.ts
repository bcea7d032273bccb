import type { Language } from '../shared/crm-language';

/** Texts of the AI analysis panel, in the languages the pages speak (uk, en). */
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
  loadFailed: 'Не вдалося завантажити аналіз AI',
};

export function callAiTexts(language: Language): CallAiTexts {
  return language === 'en' ? en : uk;
}
