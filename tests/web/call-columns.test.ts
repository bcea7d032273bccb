import { attributionValues, safeLinkUrl } from '../../webresources/src/call-log/call-attribution';
import {
  loadShownColumns,
  parseShownColumns,
  saveShownColumns,
  serializeShownColumns,
  STORAGE_KEY,
  type ChoiceStore,
} from '../../webresources/src/call-log/call-columns';
import { buildCsv } from '../../webresources/src/call-log/call-csv';
import { callFacts } from '../../webresources/src/call-log/call-facts';
import { buildCallQuery, NO_FILTERS } from '../../webresources/src/call-log/call-query';
import { createCallTable } from '../../webresources/src/call-log/call-table';
import { createColumnPicker } from '../../webresources/src/call-log/column-picker';
import { textsFor } from '../../webresources/src/shared/texts';
import { createUserFormat } from '../../webresources/src/shared/user-format';

/** The journal's optional attribution columns: stored choice, query, formatting, CSV, table and picker. */
const NOW = new Date('2026-03-02T16:10:00Z');
const formatFor = (language: 'uk' | 'en') =>
  createUserFormat({ getTimeZoneOffsetMinutes: () => 120 }, language, () => 0);

const call = {
  activityid: 'a1',
  ringo_callid: 'ua18_-1791545397.2215926',
  directioncode: false,
  actualstart: '2026-03-02T14:05:11Z',
  phonenumber: '+380671112233',
  ringo_callresult: 107350000,
  ringo_talkseconds: 80,
  ringo_landing: 'https://shop.example.com/sofas?utm_source=google',
  ringo_referrer: 'localhost/',
  ringo_gaclientid: '1827364512.1767225600',
  ringo_targetcall: true,
  ringo_repeatcall: false,
  ringo_rating: 5,
  ringo_scheme: 'Відділ продажів',
  ringo_pool: '=HYPERLINK("http://evil.example","x")',
};

/** A Storage stand-in that can be told to refuse, as Safari's private mode and blocked storage do. */
class MemoryStore implements ChoiceStore {
  readonly items = new Map<string, string>();
  constructor(private readonly refuse = false) {}
  getItem(key: string): string | null {
    if (this.refuse) throw new DOMException('denied', 'SecurityError');
    return this.items.get(key) ?? null;
  }
  setItem(key: string, value: string): void {
    if (this.refuse) throw new DOMException('quota', 'QuotaExceededError');
    this.items.set(key, value);
  }
}

describe('the stored column choice', () => {
  it('round-trips, in the picker’s order whatever order it was saved in', () => {
    const store = new MemoryStore();
    expect(saveShownColumns(() => store, ['rating', 'landing'])).toBe(true);
    expect(store.items.get(STORAGE_KEY)).toBe('{"v":1,"shown":["landing","rating"]}');
    expect(loadShownColumns(() => store)).toEqual(['landing', 'rating']);
  });

  it.each([
    ['nothing stored', null],
    ['not JSON', '{landing'],
    ['another version', '{"v":2,"shown":["landing"]}'],
    ['no version', '{"shown":["landing"]}'],
    ['a bare list', '["landing"]'],
    ['shown not a list', '{"v":1,"shown":"landing"}'],
    ['JSON null', 'null'],
    ['a huge value', `{"v":1,"shown":[${'"landing",'.repeat(400)}"pool"]}`],
  ])('falls back to no optional column when the value is damaged: %s', (_what, stored) => {
    expect(parseShownColumns(stored)).toEqual([]);
  });

  it('keeps what it can read from a partly damaged value: unknown keys, repeats and non-strings dropped', () => {
    expect(
      parseShownColumns('{"v":1,"shown":["pool","__proto__",7,null,"pool","ownerid","referrer"]}'),
    ).toEqual(['referrer', 'pool']);
    expect(serializeShownColumns(['pool', 'pool'])).toBe('{"v":1,"shown":["pool"]}');
  });

  it('works without storage: reading gives the default, saving says it was not kept', () => {
    expect(loadShownColumns(() => new MemoryStore(true))).toEqual([]);
    expect(saveShownColumns(() => new MemoryStore(true), ['landing'])).toBe(false);
    expect(loadShownColumns(() => null)).toEqual([]);
    const blocked = (): ChoiceStore => {
      throw new DOMException('The document is sandboxed', 'SecurityError');
    };
    expect(loadShownColumns(blocked)).toEqual([]);
    expect(saveShownColumns(blocked, ['landing'])).toBe(false);
  });
});

describe('the query asks only for the optional columns shown', () => {
  it('adds nothing by default, so an org without the attribution columns still opens the journal', () => {
    expect(buildCallQuery(NO_FILTERS)).not.toMatch(/ringo_(landing|referrer|rating|pool)/);
  });

  it('adds the shown columns to $select, in a fixed order', () => {
    const select = /\?\$select=([^&]+)&/.exec(
      buildCallQuery({ ...NO_FILTERS, columns: ['rating', 'landing'] }),
    );
    expect(select?.[1]?.split(',').slice(-2)).toEqual(['ringo_landing', 'ringo_rating']);
  });
});

describe('formatting the optional values', () => {
  it('says yes/no and writes the rating in the user’s language', () => {
    const uk = attributionValues(call, textsFor('uk'), formatFor('uk'));
    expect([uk.targetcall, uk.repeatcall, uk.rating]).toEqual(['Так', 'Ні', '5']);
    const en = attributionValues(call, textsFor('en'), formatFor('en'));
    expect([en.targetcall, en.repeatcall, en.rating]).toEqual(['Yes', 'No', '5']);
  });

  it('shows nothing for an absent flag, an unrated call (0) or a value of the wrong type', () => {
    const values = attributionValues(
      { ringo_targetcall: null, ringo_repeatcall: 'true', ringo_rating: 0, ringo_landing: 42 },
      textsFor('en'),
      formatFor('en'),
    );
    expect([values.targetcall, values.repeatcall, values.rating, values.landing, values.pool]).toEqual([
      '',
      '',
      '',
      '',
      '',
    ]);
  });

  it('keeps text exactly as Ringostat sent it', () => {
    const values = attributionValues(call, textsFor('en'), formatFor('en'));
    expect([values.landing, values.referrer, values.scheme]).toEqual([
      call.ringo_landing,
      'localhost/',
      'Відділ продажів',
    ]);
  });

  it.each([
    ['https://shop.example.com/a?b=1', 'https://shop.example.com/a?b=1'],
    ['HTTP://Shop.Example.com/', 'http://shop.example.com/'],
    ['localhost/', null],
    ['shop.example.com/page', null],
    ['javascript:alert(1)', null],
    ['JaVaScRiPt:alert(1)//https://x', null],
    ['data:text/html,<script>alert(1)</script>', null],
    ['//evil.example/', null],
    ['https://user:pass@evil.example/', null],
    ['https://evil.example/"onmouseover="alert(1)', null],
    ['https://evil.example/a b', null],
    ['https:///nohost', null],
    [' https://leading.space/', null],
    ['https://evil.example/\u0001a', null],
    ['https://evil.example/\u0085a', null],
  ])('links %j only when it is a safe http(s) address → %j', (value, href) => {
    expect(safeLinkUrl(value)).toBe(href);
  });

  it('does not link an address longer than the column holds (1,000 characters)', () => {
    expect(safeLinkUrl(`https://x.example/${'a'.repeat(1000)}`)).toBeNull();
  });
});

describe('the CSV with optional columns', () => {
  const facts = (language: 'uk' | 'en') => [callFacts(call, textsFor(language), formatFor(language), NOW)];

  it('adds the shown columns after the call id, keeping the BOM, and leaves them out when hidden', () => {
    const csv = buildCsv(facts('uk'), textsFor('uk'), 'uk', ['rating', 'landing', 'targetcall']);
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    const [header, line] = csv.slice(1).split('\r\n');
    expect(header).toMatch(
      /"Id дзвінка Ringostat";"Посадкова сторінка";"Цільовий дзвінок";"Оцінка дзвінка"$/,
    );
    expect(line).toMatch(
      /"ua18_-1791545397\.2215926";"https:\/\/shop\.example\.com\/sofas\?utm_source=google";"Так";"5"$/,
    );
    expect(buildCsv(facts('uk'), textsFor('uk'), 'uk')).not.toContain('shop.example.com');
  });

  it('neutralises a formula in an optional column too', () => {
    const line = buildCsv(facts('en'), textsFor('en'), 'en', ['pool']).split('\r\n')[1];
    expect(line).toMatch(/,"'=HYPERLINK\(""http:\/\/evil\.example"",""x""\)"$/);
  });
});

describe('the table with optional columns', () => {
  function table(columns: Parameters<typeof createCallTable>[1]['columns']) {
    document.body.innerHTML = '';
    const created = createCallTable(document, {
      texts: textsFor('en'),
      format: formatFor('en'),
      forContact: false,
      label: 'Calls',
      now: () => NOW,
      actions: { openCall: () => undefined, openContact: () => undefined, sort: () => undefined },
      ...(columns ? { columns } : {}),
    });
    document.body.appendChild(created.element);
    return created;
  }
  const headers = () =>
    [...document.querySelectorAll('[role="columnheader"]')].map((cell) => cell.textContent);

  it('shows no optional column by default', () => {
    table(undefined).render([call]);
    expect(document.querySelector('.c-opt')).toBeNull();
    expect(document.querySelector('.ringo-calls')?.hasAttribute('data-optional')).toBe(false);
  });

  it('adds the chosen columns after "Open", with the cards’ labels, and drops them again', () => {
    const created = table(['landing', 'rating']);
    created.render([call]);
    expect(headers().slice(-4)).toEqual(['Recording', 'Open', 'Landing page', 'Call rating']);
    expect(document.querySelector('[data-callid="a1"] > .c-rating')?.getAttribute('data-label')).toBe(
      'Call rating',
    );
    expect(document.querySelector('[data-callid="a1"] > .c-rating')?.textContent).toBe('5');
    created.setColumns([]);
    created.render([call]);
    expect(headers().slice(-1)).toEqual(['Open']);
    expect(document.querySelector('.c-opt')).toBeNull();
  });

  it('links a safe https landing page (new tab, no referrer) and shows anything else as text', () => {
    table(['landing', 'referrer']).render([
      call,
      { ...call, activityid: 'a2', ringo_landing: 'javascript:alert(1)', ringo_referrer: '<b>x</b>' },
    ]);
    const link = document.querySelector('[data-callid="a1"] > .c-landing a');
    expect([link?.getAttribute('href'), link?.getAttribute('target'), link?.getAttribute('rel')]).toEqual([
      call.ringo_landing,
      '_blank',
      'noopener noreferrer',
    ]);
    expect(document.querySelector('[data-callid="a1"] > .c-referrer a')).toBeNull();
    expect(document.querySelector('[data-callid="a2"] > .c-landing a')).toBeNull();
    expect(document.querySelector('[data-callid="a2"] > .c-landing')?.textContent).toBe(
      'javascript:alert(1)',
    );
    expect(document.querySelector('[data-callid="a2"] > .c-referrer b')).toBeNull();
    expect(document.querySelector('[data-callid="a2"] > .c-referrer span')?.getAttribute('title')).toBe(
      '<b>x</b>',
    );
  });

  it('marks an empty value with a dash the cards can hide', () => {
    table(['pool']).render([{ ...call, ringo_pool: null }]);
    const cell = document.querySelector('[data-callid="a1"] > .c-pool');
    expect([cell?.textContent, cell?.hasAttribute('data-empty')]).toEqual(['—', true]);
  });
});

describe('the column picker', () => {
  function picker(initial: Parameters<typeof createColumnPicker>[2] = []) {
    document.body.innerHTML = '<button id="elsewhere">x</button>';
    const changes: string[][] = [];
    const created = createColumnPicker(document, textsFor('en'), initial, (shown) => changes.push(shown));
    document.body.appendChild(created.element);
    const button = document.querySelector<HTMLButtonElement>('[data-action="columns"]') as HTMLButtonElement;
    const panel = document.getElementById(button.getAttribute('aria-controls') ?? '') as HTMLElement;
    return { created, changes, button, panel };
  }

  it('is a button that opens and closes a list of checkboxes, saying so in aria-expanded', () => {
    const { button, panel } = picker(['pool']);
    expect([button.textContent, button.getAttribute('aria-expanded'), panel.hidden]).toEqual([
      'Columns (1)',
      'false',
      true,
    ]);
    button.click();
    expect([button.getAttribute('aria-expanded'), panel.hidden]).toEqual(['true', false]);
    expect(document.activeElement?.getAttribute('data-column')).toBe('landing');
    expect(panel.querySelectorAll('input[type="checkbox"]')).toHaveLength(8);
    expect((panel.querySelector('[data-column="pool"]') as HTMLInputElement).checked).toBe(true);
    button.click();
    expect([button.getAttribute('aria-expanded'), panel.hidden]).toEqual(['false', true]);
  });

  it('reports the ticked columns in the picker’s order and counts them on the button', () => {
    const { created, changes, button, panel } = picker(['pool']);
    button.click();
    (panel.querySelector('[data-column="rating"]') as HTMLInputElement).click();
    expect(changes).toEqual([['rating', 'pool']]);
    expect(created.shown()).toEqual(['rating', 'pool']);
    expect(button.textContent).toBe('Columns (2)');
  });

  it('closes on Escape and puts focus back on the button', () => {
    const { button, panel } = picker();
    button.click();
    document.activeElement?.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect([panel.hidden, button.getAttribute('aria-expanded'), document.activeElement]).toEqual([
      true,
      'false',
      button,
    ]);
  });

  it('closes when a click lands elsewhere on the page', () => {
    const { button, panel } = picker();
    button.click();
    document.getElementById('elsewhere')?.dispatchEvent(new Event('pointerdown', { bubbles: true }));
    expect([panel.hidden, button.getAttribute('aria-expanded')]).toEqual([true, 'false']);
  });
});
