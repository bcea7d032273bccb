import { createCallTable } from '../../webresources/src/call-log/call-table';
import type { CallSort } from '../../webresources/src/call-log/call-query';
import { textsFor } from '../../webresources/src/shared/texts';
import { createUserFormat } from '../../webresources/src/shared/user-format';

const FORMATTED = '@OData.Community.Display.V1.FormattedValue';
const CONTACT = '11111111-2222-3333-4444-555555555555';
const NOW = new Date('2026-03-02T16:10:00Z');
const format = createUserFormat(
  {
    dateFormattingInfo: { ShortDatePattern: 'dd.MM.yyyy', ShortTimePattern: 'HH:mm' },
    getTimeZoneOffsetMinutes: () => 120,
  },
  'en',
  () => 0, // the browser in UTC, the CRM user in Kyiv (winter): the CRM's offset applies
);

function render(rows: Record<string, unknown>[], forContact = false) {
  document.body.innerHTML = '';
  const opened: string[] = [];
  const sorts: CallSort[] = [];
  const table = createCallTable(document, {
    texts: textsFor('en'),
    format,
    forContact,
    label: 'Calls',
    now: () => NOW,
    actions: {
      openCall: (id) => opened.push(`phonecall:${id}`),
      openContact: (id) => opened.push(`contact:${id}`),
      sort: (sort) => sorts.push(sort),
    },
  });
  document.body.appendChild(table.element);
  table.render(rows);
  const cell = (id: string, key: string) =>
    document.querySelector(`[data-callid="${id}"] > .c-${key}`)?.textContent ?? null;
  return { table, opened, sorts, cell };
}

const missedCall = {
  activityid: 'call-1',
  directioncode: false,
  actualstart: '2026-03-02T14:05:11Z',
  actualend: '2026-03-02T14:05:47Z',
  phonenumber: '+380501234567',
  ringo_callresult: 107350001,
  ringo_talkseconds: 0,
  ringo_recordingurl: null,
  _regardingobjectid_value: CONTACT,
  [`_regardingobjectid_value${FORMATTED}`]: '<img src=x onerror=alert(1)>',
  [`_ownerid_value${FORMATTED}`]: '<script>alert(2)</script>',
};

describe('call log rows', () => {
  it('write names from Dataverse as text, never as markup', () => {
    render([missedCall]);
    expect(document.querySelector('[data-action="open-contact"]')?.textContent).toBe(
      '<img src=x onerror=alert(1)>',
    );
    expect(document.body.textContent).toContain('<script>alert(2)</script>');
    expect(document.querySelectorAll('.ringo-rows img, .ringo-rows script')).toHaveLength(0);
  });

  it('show the date in the CRM user’s format and zone, direction, number, result and talk time', () => {
    const { cell } = render([
      { ...missedCall, directioncode: true, ringo_callresult: 107350000, ringo_talkseconds: 95 },
    ]);
    expect(cell('call-1', 'when')).toBe('02.03.2026 16:05');
    expect(cell('call-1', 'direction')).toBe('Outgoing');
    expect(cell('call-1', 'phone')).toBe('+380501234567');
    expect(cell('call-1', 'result')).toBe('Answered');
    expect(cell('call-1', 'talk')).toBe('1:35');
  });

  it('call an incoming call nobody took "Missed" and an outgoing one the client did not pick up "Not answered"', () => {
    const { cell } = render([missedCall, { ...missedCall, activityid: 'call-2', directioncode: true }]);
    expect(cell('call-1', 'result')).toBe('Missed');
    expect(cell('call-2', 'result')).toBe('Not answered');
  });

  it('the employee is the call’s owner (the CRM user), the same source as the employee filter', () => {
    const { cell } = render([
      { ...missedCall, ringo_employeename: 'Agent 333333', [`_ownerid_value${FORMATTED}`]: 'Іван Петренко' },
    ]);
    expect(cell('call-1', 'employee')).toBe('Іван Петренко');
  });

  it('offer "Listen" only for a call with a recording; otherwise say why there is none', () => {
    const { cell } = render([
      missedCall,
      {
        ...missedCall,
        activityid: 'rec',
        ringo_callresult: 107350000,
        ringo_recordingurl: 'https://app.ringostat.com/recordings/a.mp3',
      },
      { ...missedCall, activityid: 'soon', ringo_callresult: 107350000, actualend: '2026-03-02T16:05:00Z' },
      { ...missedCall, activityid: 'never', ringo_callresult: 107350000, ringo_hasrecording: 107350001 },
      { ...missedCall, activityid: 'late', ringo_callresult: 107350000, actualend: '2026-03-02T10:00:00Z' },
    ]);
    expect(document.querySelectorAll('[data-action="listen"]')).toHaveLength(1);
    expect(document.querySelector('[data-callid="rec"] [data-action="listen"]')).not.toBeNull();
    expect(cell('call-1', 'recording')).toBe('No recording');
    expect(cell('soon', 'recording')).toBe('Not ready yet');
    expect(cell('never', 'recording')).toBe('No recording');
    expect(cell('late', 'recording')).toBe('No recording');
  });

  it('open the contact and the phone call through the actions with their ids', () => {
    const { opened } = render([missedCall]);
    (document.querySelector('[data-action="open-contact"]') as HTMLButtonElement).click();
    (document.querySelector('[data-action="open-call"]') as HTMLButtonElement).click();
    expect(opened).toEqual([`contact:${CONTACT}`, 'phonecall:call-1']);
  });

  it('a call without a regarding contact shows a dash and no contact button', () => {
    const { cell } = render([{ ...missedCall, _regardingobjectid_value: null }]);
    expect(document.querySelector('[data-action="open-contact"]')).toBeNull();
    expect(cell('call-1', 'contact')).toBe('—');
  });

  it('on one contact’s call log the contact column is left out', () => {
    render([missedCall], true);
    expect(document.querySelector('.c-contact')).toBeNull();
    expect(document.querySelector('.ringo-calls')?.classList.contains('ringo-for-contact')).toBe(true);
  });

  it('sortable headers are buttons that ask for the column, toggle the direction and mark aria-sort', () => {
    const { table, sorts } = render([missedCall]);
    table.showSort({ key: 'when', descending: true });
    const header = (key: string) => document.querySelector(`[data-sort="${key}"]`) as HTMLButtonElement;
    expect(header('when').parentElement?.getAttribute('aria-sort')).toBe('descending');
    header('when').click();
    header('talk').click();
    header('phone').click();
    expect(sorts).toEqual([
      { key: 'when', descending: false },
      { key: 'talk', descending: true },
      { key: 'phone', descending: false },
    ]);
    table.showSort({ key: 'phone', descending: false });
    expect(header('phone').parentElement?.getAttribute('aria-sort')).toBe('ascending');
    expect(header('when').parentElement?.hasAttribute('aria-sort')).toBe(false);
    expect(document.querySelector('[data-sort="contact"]')).toBeNull(); // a lookup: not sortable on the server
  });

  it('"Listen" opens one inline player under the row and closes it again', () => {
    const recorded = {
      ...missedCall,
      ringo_callresult: 107350000,
      ringo_recordingurl: 'https://app.ringostat.com/recordings/1.mp3',
    };
    render([recorded, { ...recorded, activityid: 'call-2' }]);
    const [first, second] = [...document.querySelectorAll<HTMLButtonElement>('[data-action="listen"]')];
    first?.click();
    expect(document.querySelectorAll('.ringo-player-row')).toHaveLength(1);
    expect(document.querySelector('.ringo-player-row .ringo-player-caption')?.textContent).toBe(
      'Call 02.03.2026 16:05',
    );
    expect(first?.getAttribute('aria-expanded')).toBe('true');
    second?.click();
    expect(document.querySelectorAll('.ringo-player-row')).toHaveLength(1);
    expect(first?.getAttribute('aria-expanded')).toBe('false');
    second?.click();
    expect(document.querySelectorAll('.ringo-player-row')).toHaveLength(0);
  });
});
