import type { CallAiEvent } from '../ringostat/call-ai-event';
import type { Language } from './call-settings';
import { nameBasedId } from './phone-call-id';

/**
 * `CallAiEvent` (+ the transcript, fetched or not) → what the AI analysis leaves on the call's phone call
 * (docs/adr/0114-ai-analysis-on-the-phone-call.md): the `ringo_ai*` columns, readable in views and on
 * the form, and one note (annotation) with the same text and the .vtt transcript attached. The note's id
 * is a name-based UUID of the call id, so however often the event is delivered or retried, and whether
 * it comes before or after the after-call, the call gets exactly one note. Pure.
 */

export type TranscriptOutcome =
  { kind: 'text'; text: string } | { kind: 'none' } | { kind: 'failed'; reason: string };

export interface CallAiNote {
  annotationid: string;
  subject: string;
  notetext: string;
  /** The .vtt attached to the note (annotation.md: filename, mimetype, documentbody as base64). */
  attachment?: { filename: string; mimetype: 'text/vtt'; documentbody: string };
}

export interface CallAiPlan {
  callId: string;
  fields: Record<string, string>;
  note: CallAiNote;
}

const NOTE_NAMESPACE = Buffer.from('b1c7a4d2e9f04c3a8e5d6f7a9b0c1d2e', 'hex');

export function callAiNoteIdFor(callId: string): string {
  return nameBasedId(NOTE_NAMESPACE, callId);
}

const TEXTS: Record<Language, Record<string, string>> = {
  uk: {
    subject: 'Ringostat AI: аналіз дзвінка',
    summary: 'Підсумок',
    clientMood: 'Настрій клієнта',
    employeeMood: 'Настрій співробітника',
    overallMood: 'Загальний настрій',
    recommendations: 'Рекомендації',
    attached: 'Транскрипт розмови — у вкладенні',
    failed: 'Транскрипт не отримано',
  },
  en: {
    subject: 'Ringostat AI: call analysis',
    summary: 'Summary',
    clientMood: 'Customer mood',
    employeeMood: 'Employee mood',
    overallMood: 'Overall mood',
    recommendations: 'Recommendations',
    attached: 'Transcript of the conversation: attached',
    failed: 'The transcript could not be fetched',
  },
};

const COLUMNS = {
  summary: 'ringo_aisummary',
  clientMood: 'ringo_aiclientmood',
  employeeMood: 'ringo_aiemployeemood',
  overallMood: 'ringo_aioverallmood',
  recommendations: 'ringo_airecommendations',
} as const;

export function planCallAi(
  event: CallAiEvent,
  transcript: TranscriptOutcome,
  language: Language,
): CallAiPlan {
  const t = TEXTS[language];
  const fields: Record<string, string> = {};
  const lines: string[] = [];
  for (const [field, column] of Object.entries(COLUMNS) as Array<[keyof typeof COLUMNS, string]>) {
    const value = event[field];
    if (value === undefined) continue;
    fields[column] = value;
    lines.push(field === 'recommendations' ? `${t[field]}:\n${value}` : `${t[field]}: ${value}`);
  }
  const note: CallAiNote = {
    annotationid: callAiNoteIdFor(event.callId),
    subject: t.subject ?? '',
    notetext: '',
  };
  if (transcript.kind === 'text') {
    const filename = `ringostat-${event.callId.replace(/[^A-Za-z0-9._-]/g, '_')}.vtt`;
    note.attachment = {
      filename,
      mimetype: 'text/vtt',
      documentbody: Buffer.from(transcript.text, 'utf8').toString('base64'),
    };
    lines.push(`${t.attached} (${filename})`);
  } else if (transcript.kind === 'failed') {
    lines.push(`${t.failed}: ${transcript.reason}`);
  }
  note.notetext = lines.join('\n\n');
  return { callId: event.callId, fields, note };
}
