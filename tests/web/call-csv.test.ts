import { buildCsv, csvCell, csvFileName } from '../../webresources/src/call-log/call-csv';
import { callFacts } from '../../webresources/src/call-log/call-facts';
import { textsFor } from '../../webresources/src/shared/texts';
import { createUserFormat } from '../../webresources/src/shared/user-format';

const FORMATTED = '@OData.Community.Display.V1.FormattedValue';
const NOW = new Date('2026-03-02T16:10:00Z');

function facts(language: 'uk' | 'en', rows: Record<string, unknown>[]) {
  const format = createUserFormat({ getTimeZoneOffsetMinutes: () => 120 }, language, () => 0);
  return rows.map((row) => callFacts(row, textsFor(language), format, NOW));
}

const row = {
  activityid: 'a1',
  ringo_callid: 'ua18_-1791545397.2215926',
  directioncode: false,
  actualstart: '2026-03-02T14:05:11Z',
  phonenumber: '+380671112233',
  ringo_callresult: 107350000,
  ringo_talkseconds: 80,
  ringo_recordingurl: 'https://app.ringostat.com/recordings/x.mp3?token=secret',
  _regardingobjectid_value: '3f2504e0-4f89-11d3-9a0c-0305e82c3301',
  [`_regardingobjectid_value${FORMATTED}`]: 'Марія "Маша" Шевченко',
  [`_ownerid_value${FORMATTED}`]: 'Іван Петренко',
};

describe('CSV export of the filtered calls', () => {
  it('starts with a UTF-8 byte-order mark and uses ";" for Ukrainian, as Excel on a Ukrainian Windows expects', () => {
    const csv = buildCsv(facts('uk', [row]), textsFor('uk'), 'uk');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const [header, line] = csv.slice(1).split('\r\n');
    expect(header).toBe(
      '"Дата";"Напрямок";"Номер телефону";"Контакт";"Співробітник";"Результат";"Розмова (s)";"Запис";"Id дзвінка Ringostat"',
    );
    expect(line).toBe(
      `"02.03.2026 16:05";"Вхідний";"'+380671112233";"Марія ""Маша"" Шевченко";"Іван Петренко";"Прийнятий";"80";"Так";"ua18_-1791545397.2215926"`,
    );
  });

  it('uses "," for English', () => {
    const csv = buildCsv(facts('en', [row]), textsFor('en'), 'en');
    expect(csv.split('\r\n')[1]).toMatch(/^"3\/2\/2026 4:05 PM","Incoming",/);
  });

  it('never writes a recording link (it carries Ringostat’s access token)', () => {
    expect(buildCsv(facts('uk', [row]), textsFor('uk'), 'uk')).not.toContain('token=secret');
  });

  it.each([
    ['=HYPERLINK("http://evil","x")', `"'=HYPERLINK(""http://evil"",""x"")"`],
    ['+1+2', `"'+1+2"`],
    ['-2+3', `"'-2+3"`],
    ['@SUM(A1)', `"'@SUM(A1)"`],
    ['\tcmd', `"'\tcmd"`],
    ['\rcmd', `"'\rcmd"`],
    ['Марія', '"Марія"'],
    ['line\nbreak', '"line\nbreak"'],
  ])('neutralises formula injection: %j → %s', (value, cell) => {
    expect(csvCell(value)).toBe(cell);
  });

  it('a contact named like a formula stays text in the file', () => {
    const csv = buildCsv(
      facts('en', [{ ...row, [`_regardingobjectid_value${FORMATTED}`]: '=cmd|"/C calc"!A0' }]),
      textsFor('en'),
      'en',
    );
    expect(csv).toContain(`"'=cmd|""/C calc""!A0"`);
  });

  it('names the file after the day it was made', () => {
    expect(csvFileName(new Date(2026, 2, 2, 9))).toBe('ringostat-calls-2026-03-02.csv');
  });
});
