import { createCallTable } from '../../webresources/src/call-log/call-table';
import { textsFor } from '../../webresources/src/shared/texts';

const FORMATTED = '@OData.Community.Display.V1.FormattedValue';
const CONTACT = '11111111-2222-3333-4444-555555555555';

function render(rows: Record<string, unknown>[]) {
  document.body.innerHTML = '<div id="rows"></div>';
  const body = document.getElementById('rows') as HTMLElement;
  const opened: string[] = [];
  const table = createCallTable(document, body, {
    texts: textsFor('en'),
    language: 'en',
    actions: {
      openCall: (id) => opened.push(`phonecall:${id}`),
      openContact: (id) => opened.push(`contact:${id}`),
    },
  });
  table.render(rows);
  return { body, opened };
}

const missedCall = {
  activityid: 'call-1',
  directioncode: false,
  actualstart: '2026-03-02T14:05:11Z',
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
    const { body } = render([missedCall]);
    expect(body.querySelector('[data-action="open-contact"]')?.textContent).toBe(
      '<img src=x onerror=alert(1)>',
    );
    expect(body.textContent).toContain('<script>alert(2)</script>');
    expect(body.querySelectorAll('img, script')).toHaveLength(0);
  });

  it('show direction, result, number and talk time', () => {
    const { body } = render([
      { ...missedCall, directioncode: true, ringo_callresult: 107350000, ringo_talkseconds: 95 },
    ]);
    const cells = [...body.querySelectorAll('[data-callid="call-1"] > [role="cell"]')].map(
      (c) => c.textContent,
    );
    expect(cells.slice(1, 3)).toEqual(['Outgoing', '+380501234567']);
    expect(cells[5]).toBe('Answered');
    expect(cells[6]).toBe('1:35');
  });

  it('open the contact and the phone call through the actions with their ids', () => {
    const { body, opened } = render([missedCall]);
    (body.querySelector('[data-action="open-contact"]') as HTMLButtonElement).click();
    (body.querySelector('[data-action="open-call"]') as HTMLButtonElement).click();
    expect(opened).toEqual([`contact:${CONTACT}`, 'phonecall:call-1']);
  });

  it('a call without a regarding contact shows a dash and no contact button', () => {
    const { body } = render([{ ...missedCall, _regardingobjectid_value: null }]);
    expect(body.querySelector('[data-action="open-contact"]')).toBeNull();
    expect(body.querySelectorAll('[role="cell"]')[3]?.textContent).toBe('—');
  });

  it('"Listen" opens one inline player under the row and closes it again', () => {
    const { body } = render([missedCall, { ...missedCall, activityid: 'call-2' }]);
    const [first, second] = [...body.querySelectorAll<HTMLButtonElement>('[data-action="listen"]')];
    first?.click();
    expect(body.querySelectorAll('.ringo-player-row')).toHaveLength(1);
    expect(body.querySelector('.ringo-player-row [data-state="missed"]')).not.toBeNull();
    expect(first?.getAttribute('aria-expanded')).toBe('true');
    second?.click();
    expect(body.querySelectorAll('.ringo-player-row')).toHaveLength(1);
    expect(first?.getAttribute('aria-expanded')).toBe('false');
    second?.click();
    expect(body.querySelectorAll('.ringo-player-row')).toHaveLength(0);
  });
});
