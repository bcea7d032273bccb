import type { CallLogRow } from './call-log-fields';
import { formatCallDate } from './project-clock';

/**
 * Invented but plausible call-log rows in the shapes of ../fixtures/call-log-sample.json (public
 * examples, ../fixtures/README.md), spread evenly over [from, to). Deterministic for a given seed, so
 * tests and benchmarks can be repeated; uniqueids look like Ringostat's (`ua18_-1791545397.2215926`).
 */

export interface CallLogOptions {
  count: number;
  from: Date;
  to: Date;
  timeZone?: string;
  seed?: number;
  /** Prefix of every uniqueid, so two generated logs never share an id. */
  idPrefix?: string;
}

const DISPOSITIONS_MISSED = ['NO ANSWER', 'BUSY', 'NO ANSWER', 'VOICEMAIL'];
const COMPANY = '380441112233';

export function generateCallLog(options: CallLogOptions): CallLogRow[] {
  const random = mulberry32(options.seed ?? 1);
  const timeZone = options.timeZone ?? 'Europe/Kyiv';
  const span = options.to.getTime() - options.from.getTime();
  const step = span / Math.max(options.count, 1);
  const prefix = options.idPrefix ?? 'ua18_-17915';
  const rows: CallLogRow[] = [];
  for (let i = 0; i < options.count; i++) {
    const at = new Date(Math.floor((options.from.getTime() + i * step) / 1000) * 1000);
    const outgoing = random() < 0.3;
    const answered = random() < 0.75;
    const client = `3806${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
    const wait = 3 + Math.floor(random() * 30);
    const talk = answered ? 5 + Math.floor(random() * 300) : 0;
    const id = `${prefix}${String(i).padStart(5, '0')}.${2215926 + i}`;
    const pick = DISPOSITIONS_MISSED[Math.floor(random() * DISPOSITIONS_MISSED.length)] ?? 'NO ANSWER';
    rows.push({
      uniqueid: id,
      calldate: formatCallDate(at.getTime(), timeZone),
      call_type: outgoing ? 'out' : 'in',
      caller: outgoing ? '"Іван Петренко" <company_manager1>' : client,
      dst: outgoing ? client : COMPANY,
      disposition: answered ? 'ANSWERED' : outgoing ? 'CLIENT NO ANSWER' : pick,
      duration: wait + talk,
      billsec: talk,
      waittime: String(wait),
      employee_number: answered || outgoing ? '111111' : -1,
      employee_fio: answered || outgoing ? 'Іван Петренко' : '',
      has_recording: answered ? '1' : '0',
      recording: answered
        ? `https://app.ringostat.com/recordings/${id}.mp3?token=fe60f9f4e172935459b9053daf647f20`
        : '',
      utm_source: '(direct)',
      utm_medium: '(none)',
    });
  }
  return rows;
}

/** A small seeded PRNG (public-domain mulberry32). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
