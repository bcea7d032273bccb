import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  formatCallDate,
  formatWallClock,
  parseWallClock,
} from '../../../emulators/ringostat/src/project-clock';
import { sampleCallLog } from '../../../emulators/ringostat/src/fixtures';

const ROOT = join(__dirname, '..', '..', '..');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

describe('the Ringostat emulator stands on its own', () => {
  it('imports nothing from the receiver, so a misreading of Ringostat in the product can fail a test', () => {
    const offenders = files(join(ROOT, 'emulators', 'ringostat', 'src'))
      .filter((file) => /webhook-receiver|scripts\//.test(readFileSync(file, 'utf8')))
      .map((file) => relative(ROOT, file));
    expect(offenders).toEqual([]);
  });

  it('reads and writes Kyiv wall-clock time across both daylight-saving changes', () => {
    const zone = 'Europe/Kyiv';
    expect(new Date(parseWallClock('2026-03-02 14:05:11', zone) ?? 0).toISOString()).toBe(
      '2026-03-02T12:05:11.000Z',
    );
    expect(new Date(parseWallClock('2026-07-02 14:05:11', zone) ?? 0).toISOString()).toBe(
      '2026-07-02T11:05:11.000Z',
    );
    // 2026-10-25 03:30 happens twice in Kyiv; the earlier instant is taken.
    expect(new Date(parseWallClock('2026-10-25 03:30:00', zone) ?? 0).toISOString()).toBe(
      '2026-10-25T00:30:00.000Z',
    );
    expect(formatWallClock(Date.parse('2026-03-29T01:30:00Z'), zone)).toBe('2026-03-29 04:30:00');
    expect(formatCallDate(Date.parse('2019-06-02T06:30:47Z'), zone)).toBe('2019-06-02T09:30:47+0300');
    expect(parseWallClock('2026-02-30 10:00:00', zone)).toBeUndefined();
    expect(parseWallClock('2026-03-02T14:05:11', zone)).toBeUndefined();
  });

  it('its sample call log has the official sample values: a text waittime, -1 and "" on a missed call', () => {
    const [answered, missed] = sampleCallLog();
    expect(answered).toMatchObject({ calldate: '2019-06-02T09:30:47+0300', waittime: '36' });
    expect(missed).toMatchObject({ employee_number: -1, connected_with: '', disposition: 'NO ANSWER' });
    expect(String(answered?.recording)).toContain(String(answered?.uniqueid));
  });
});
