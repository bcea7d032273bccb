import { browserLanguage } from '../shared/crm-language';
import { byId, h } from '../shared/dom';
import { findXrm } from '../shared/find-xrm';
import { formatDuration } from '../shared/format';
import { pageLanguage } from '../shared/page-language';
import { recordingPolicy } from '../shared/recording-hosts';
import { textsFor } from '../shared/texts';
import { createUserFormat } from '../shared/user-format';
import { downloadCsv, readAllCalls } from './call-export';
import { buildFilters, readFilters, readSort, writeSort } from './call-filters';
import {
  buildCallQuery,
  buildTotalsQuery,
  DEFAULT_SORT,
  nextPageOptions,
  type CallFilters,
  type CallSort,
} from './call-query';
import { loadShownColumns, saveShownColumns, type ChoiceStore, type OptionalKey } from './call-columns';
import { resolveSearch } from './call-search';
import { createColumnPicker } from './column-picker';
import { createCallTable } from './call-table';
import { addToTotals, EMPTY_TOTALS, type CallTotals } from './call-totals';
import { loadEmployees } from '../shared/crm-users';
import { parseCallLogParams, type CallLogParams } from './page-params';

/** Totals walk at most this many rows (pages of 5,000, the Dataverse maximum) before saying "at least". */
const TOTALS_PAGE = 5000;
const TOTALS_MAX_PAGES = 10;

async function start(win: Window): Promise<void> {
  const doc = win.document;
  const root = byId(doc, 'ringo-call-log');
  const xrm = findXrm(win);
  if (!xrm) {
    root.textContent = textsFor(browserLanguage(win)).notInCrm;
    return;
  }
  const params: CallLogParams = parseCallLogParams(win.location.search);
  const [language, policy] = await Promise.all([
    pageLanguage(xrm),
    recordingPolicy(xrm.WebApi, win.location.origin),
  ]);
  doc.documentElement.lang = language;
  const t = textsFor(language);
  const format = createUserFormat(xrm.Utility.getGlobalContext().userSettings, language);
  const webApi = xrm.WebApi;
  const forContact = params.contactId !== null || params.unsavedContact;
  const title = forContact ? t.callLogTitle : t.journalTitle;
  doc.title = `Ringostat — ${title}`;

  const filters = buildFilters(doc, t, format, forContact);
  const totals = h(doc, 'dl', { class: 'ringo-totals', 'aria-live': 'polite' });
  const status = h(doc, 'div', { class: 'ringo-status', role: 'status', 'aria-live': 'polite' });
  let sort: CallSort = DEFAULT_SORT;
  // Reading window.localStorage itself throws where storage is blocked; the choice then lasts until reload.
  const store = (): ChoiceStore | null => win.localStorage;
  let columnsShown: OptionalKey[] = loadShownColumns(store);
  const table = createCallTable(doc, {
    columns: columnsShown,
    texts: t,
    format,
    forContact,
    label: title,
    policy,
    actions: {
      openCall: (id) => void xrm.Navigation.openForm({ entityName: 'phonecall', entityId: id }),
      openContact: (id) => void xrm.Navigation.openForm({ entityName: 'contact', entityId: id }),
      sort: (next) => {
        writeSort(filters, next);
        search();
      },
    },
  });
  const previous = h(
    doc,
    'button',
    { type: 'button', 'data-action': 'previous-page', disabled: true },
    t.previousPage,
  );
  const next = h(doc, 'button', { type: 'button', 'data-action': 'next-page', disabled: true }, t.nextPage);
  const pageLabel = h(doc, 'span', { class: 'ringo-muted', 'aria-live': 'polite' });
  const exportButton = h(doc, 'button', { type: 'button', 'data-action': 'export-csv' }, t.exportCsv);
  // A column switched on is fetched by asking again from the first page (only shown columns are read).
  const picker = createColumnPicker(doc, t, columnsShown, (next) => {
    columnsShown = next;
    saveShownColumns(store, next);
    table.setColumns(next);
    search();
  });
  root.replaceChildren(
    h(doc, 'h1', {}, title),
    filters.element,
    h(
      doc,
      'section',
      { class: 'ringo-card' },
      h(
        doc,
        'div',
        { class: 'ringo-summary' },
        totals,
        h(doc, 'div', { class: 'ringo-tools' }, picker.element, exportButton),
      ),
      status,
      table.element,
      h(doc, 'nav', { class: 'ringo-pager', 'aria-label': t.page }, previous, pageLabel, next),
    ),
  );

  // Page i is loaded with pages[i]; the stack lets "previous" go back without $skip.
  let pages: string[] = [];
  let index = 0;
  let generation = 0;
  let current: CallFilters | null = null;

  const say = (text: string, error = false): void => {
    status.textContent = text;
    status.className = `ringo-status${error ? ' ringo-error' : ''}`;
  };

  function showTotals(value: CallTotals): void {
    const item = (label: string, amount: string, key: string) =>
      h(doc, 'div', {}, h(doc, 'dt', {}, label), h(doc, 'dd', { 'data-total': key }, amount));
    const count = (n: number): string => `${format.number(n)}${value.truncated ? '+' : ''}`;
    totals.replaceChildren(
      item(t.totalCalls, count(value.count), 'count'),
      item(t.totalAnswered, count(value.answered), 'answered'),
      item(t.totalMissed, count(value.missed), 'missed'),
      item(t.totalNotAnswered, count(value.notAnswered), 'not-answered'),
      item(t.totalTalk, formatDuration(value.talkSeconds), 'talk'),
    );
  }

  async function loadTotals(query: string, mine: number): Promise<void> {
    let sum = EMPTY_TOTALS;
    let options: string | null = query;
    for (let page = 0; options !== null && page < TOTALS_MAX_PAGES; page += 1) {
      const result: Xrm.RetrieveMultipleResult = await webApi.retrieveMultipleRecords(
        'phonecall',
        options,
        TOTALS_PAGE,
      );
      sum = addToTotals(sum, result.entities);
      options = result.nextLink ? nextPageOptions(result.nextLink) : null;
    }
    if (options !== null) sum = { ...sum, truncated: true };
    if (mine === generation) showTotals(sum);
  }

  async function loadPage(mine: number, note = ''): Promise<void> {
    const options = pages[index];
    if (options === undefined) return;
    root.setAttribute('aria-busy', 'true');
    say(t.loadingCalls);
    previous.disabled = true;
    next.disabled = true;
    try {
      const result = await webApi.retrieveMultipleRecords('phonecall', options, params.pageSize);
      if (mine !== generation) return;
      win.performance.mark('ringo:call-log:render-start');
      table.render(result.entities);
      win.performance.measure('ringo:call-log:build', 'ringo:call-log:render-start');
      // Reading a layout property lays the rows out now, so the measure covers style and layout too
      // (the browser would do the same work before the next paint anyway).
      void table.element.offsetHeight;
      win.performance.mark('ringo:call-log:render-end');
      win.performance.measure(
        'ringo:call-log:render',
        'ringo:call-log:render-start',
        'ringo:call-log:render-end',
      );
      if (result.nextLink) pages[index + 1] = nextPageOptions(result.nextLink);
      else pages = pages.slice(0, index + 1);
      previous.disabled = index === 0;
      next.disabled = pages[index + 1] === undefined;
      pageLabel.textContent = `${t.page} ${format.number(index + 1)}`;
      const shown =
        result.entities.length === 0
          ? t.noCalls
          : `${t.callsShown}: ${format.number(result.entities.length)}`;
      say(note ? `${note} ${shown}` : shown);
    } catch (error) {
      if (mine !== generation) return;
      say(`${t.loadFailed}: ${error instanceof Error ? error.message : String(error)}`, true);
    } finally {
      if (mine === generation) root.setAttribute('aria-busy', 'false');
    }
  }

  function done(text: string, error: boolean): void {
    say(text, error);
    root.setAttribute('aria-busy', 'false');
  }

  async function run(mine: number): Promise<void> {
    if (params.unsavedContact) {
      table.render([]);
      showTotals(EMPTY_TOTALS);
      return done(t.saveContactFirst, false);
    }
    const values = readFilters(filters, format);
    for (const input of [filters.from, filters.to]) input.setAttribute('aria-invalid', 'false');
    if (values.badDate) {
      values.badDate.setAttribute('aria-invalid', 'true');
      values.badDate.focus();
      return done(`${t.errDate} ${format.dateHint}`, true);
    }
    if (values.fromIso !== null && values.toIso !== null && values.toIso <= values.fromIso) {
      filters.to.setAttribute('aria-invalid', 'true');
      filters.to.focus();
      return done(t.errDateRange, true);
    }
    sort = readSort(filters);
    table.showSort(sort);
    const found = await resolveSearch(webApi, values.searchText, !forContact);
    if (mine !== generation) return;
    const noMatch = found.search?.kind === 'contacts' && found.search.ids.length === 0 && !forContact;
    current = { ...values, contactId: params.contactId, search: found.search, sort, columns: columnsShown };
    pages = [buildCallQuery(current)];
    index = 0;
    void loadPage(mine, noMatch ? t.noContactMatches : found.truncated ? t.manyContactMatches : '');
    loadTotals(buildTotalsQuery(current), mine).catch(() => mine === generation && totals.replaceChildren());
  }

  function search(): void {
    generation += 1;
    const mine = generation;
    root.setAttribute('aria-busy', 'true');
    run(mine).catch((error: unknown) => {
      if (mine === generation)
        done(`${t.loadFailed}: ${error instanceof Error ? error.message : String(error)}`, true);
    });
  }

  filters.form.addEventListener('submit', (event) => {
    event.preventDefault();
    search();
  });
  filters.form.addEventListener('reset', () => win.setTimeout(search, 0));
  filters.sort.addEventListener('change', search);
  previous.addEventListener('click', () => {
    index = Math.max(0, index - 1);
    void loadPage(generation);
  });
  next.addEventListener('click', () => {
    index += 1;
    void loadPage(generation);
  });
  exportButton.addEventListener('click', () => {
    if (!current) return;
    exportButton.disabled = true;
    const exported = current.columns ?? [];
    say(t.exporting);
    readAllCalls(webApi, buildCallQuery(current), t, format)
      .then(({ calls, truncated }) => {
        downloadCsv(win, calls, t, language, exported);
        say(truncated ? t.exportTruncated : `${t.exported}: ${format.number(calls.length)}`);
      })
      .catch((error: unknown) =>
        say(`${t.exportFailed}: ${error instanceof Error ? error.message : String(error)}`, true),
      )
      .finally(() => {
        exportButton.disabled = false;
      });
  });

  loadEmployees(webApi).then(
    (employees) => {
      for (const employee of employees)
        filters.owner.appendChild(h(doc, 'option', { value: employee.id }, employee.name));
    },
    () => filters.owner.parentElement?.remove(), // no read access to users: filter by the other fields
  );
  search();
}

void start(window);
