import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CallLogRow } from './call-log-fields';

/** The emulator's fixtures from public examples (../fixtures/README.md says where each shape comes from). */
const DIR = join(__dirname, '..', 'fixtures');

export function sampleCallLog(): CallLogRow[] {
  return JSON.parse(readFileSync(join(DIR, 'call-log-sample.json'), 'utf8')) as CallLogRow[];
}

/** The `result` of getProjectStaffListAndDirections: staff objects keyed by staff id. */
export function sampleStaff(): Record<string, Record<string, unknown>> {
  return JSON.parse(readFileSync(join(DIR, 'staff-sample.json'), 'utf8')) as Record<
    string,
    Record<string, unknown>
  >;
}

export function sampleTranscript(): string {
  return readFileSync(join(DIR, 'transcript-sample.vtt'), 'utf8');
}
