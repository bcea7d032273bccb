/**
 * WebVTT → the lines of a conversation. The "Call processed by AI" event links a .vtt with "the entire
 * transcription of the conversation and all the time codes of the dialogue" (Ringostat help article
 * 9281387). Cue timings and voice spans follow the WebVTT spec (https://www.w3.org/TR/webvtt1/):
 * `hh:mm:ss.ttt --> hh:mm:ss.ttt` (hours optional), `<v Speaker>text`; other tags are dropped and the
 * text is only ever put into the page with textContent. Whether Ringostat names speakers with `<v>` or
 * a "Name:" prefix is not public, so both are read. Pure.
 */

export interface TranscriptLine {
  /** Seconds from the start of the recording. */
  start: number;
  end: number;
  speaker?: string;
  text: string;
}

const TIMING = /^((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})\s+-->\s+((?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3})/;
const VOICE = /^<v(?:\.[^\s>]+)*\s+([^>]+)>/;
const PREFIX = /^([^:\n]{1,40}):\s+(.+)$/s;

export function parseVtt(source: string): TranscriptLine[] {
  const text = source.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  if (!text.startsWith('WEBVTT')) return [];
  const lines: TranscriptLine[] = [];
  for (const block of text.split(/\n{2,}/)) {
    const rows = block.split('\n');
    const at = rows.findIndex((row) => TIMING.test(row));
    if (at < 0) continue; // the header, NOTE, STYLE and REGION blocks
    const timing = TIMING.exec(rows[at] ?? '');
    const start = seconds(timing?.[1]);
    const end = seconds(timing?.[2]);
    const payload = rows
      .slice(at + 1)
      .join('\n')
      .trim();
    if (start === undefined || end === undefined || payload === '') continue;
    const voice = VOICE.exec(payload);
    let speaker = voice?.[1]?.trim();
    let words = stripTags(voice ? payload.slice(voice[0].length) : payload);
    if (!speaker) {
      const prefixed = PREFIX.exec(words);
      if (prefixed?.[1] && !/\d{1,2}:\d{2}/.test(prefixed[1])) {
        speaker = prefixed[1].trim();
        words = (prefixed[2] ?? '').trim();
      }
    }
    lines.push({ start, end: Math.max(end, start), ...(speaker ? { speaker } : {}), text: words });
  }
  return lines.sort((a, b) => a.start - b.start);
}

/**
 * The line to highlight at `time`: the last one that has started (lines are sorted), so a pause between
 * two lines keeps the one just spoken; -1 before the first.
 */
export function lineAt(lines: readonly TranscriptLine[], time: number): number {
  let found = -1;
  for (let i = 0; i < lines.length && (lines[i] as TranscriptLine).start <= time; i += 1) found = i;
  return found;
}

function seconds(stamp: string | undefined): number | undefined {
  if (!stamp) return undefined;
  const parts = stamp.replace(',', '.').split(':').map(Number);
  if (parts.some((p) => !Number.isFinite(p))) return undefined;
  return parts.reduce((total, part) => total * 60 + part, 0);
}

function stripTags(text: string): string {
  return text
    .replace(/<[^>]*>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
