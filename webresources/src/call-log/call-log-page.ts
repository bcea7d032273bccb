import { browserLanguage } from '../shared/crm-language';
import { byId, h } from '../shared/dom';
import { findXrm } from '../shared/find-xrm';
import { formatDuration } from '../shared/format';
import { pageLanguage } from '../shared/page-language';
import { recordingPolicy } from '../shared/recording-hosts';
import { textsFor } from '../shared/texts';
import { buildFilters, readFilters } from './call-filters';
import { buildCallQuery, buildTotalsQuery, nextPageOptions } from './call-query';
import { createCallTable } from './call-table';
import { addToTotals, EMPTY_TOTALS, type CallTotals } from './call-totals';
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
  const webApi = xrm.WebApi;

  const filters = buildFilters(doc, t);
  const totals = h(doc, 'dl', { class: 'ringo-totals', 'aria-live': 'polite' });
  const status = h(doc, 'div', { class: 'ringo-status', role: 'status', 'aria-live': 'polite' });
  const body = h(doc, 'div', { role: 'rowgroup', class: 'ringo-rows' });
  const headers = [
    t.when,
    t.direction,
    t.phone,
    t.contact,
    t.employee,
    t.result,
    t.talkTime,
    t.recording,
    t.actions,
  ];
  const table = h(
    doc,
    'div',
    { role: 'table', class: 'ringo-calls', 'aria-label': params.contactId ? t.callLogTitle : t.journalTitle },
    h(
      doc,
      'div',
      { role: 'rowgroup' },
      h(
        doc,
        'div',
        { role: 'row', class: 'ringo-row ringo-head' },
        ...headers.map((label) => h(doc, 'div', { role: 'columnheader' }, label)),
      ),
    ),
    body,
  );
  const previous = h(
    doc,
    'button',
    { type: 'button', 'data-action': 'previous-page', disabled: true },
    t.previousPage,
  );
  const next = h(doc, 'button', { type: 'button', 'data-action': 'next-page', disabled: true }, t.nextPage);
  const pageLabel = h(doc, 'span', { class: 'ringo-muted', 'aria-live': 'polite' });
  root.replaceChildren(
    h(doc, 'h1', {}, params.contactId ? t.callLogTitle : t.journalTitle),
    filters.element,
    h(
      doc,
      'section',
      { class: 'ringo-card' },
      totals,
      status,
      table,
      h(doc, 'nav', { class: 'ringo-pager', 'aria-label': t.page }, previous, pageLabel, next),
    ),
  );

  const callTable = createCallTable(doc, body, {
    texts: t,
    language,
    policy,
    actions: {
      openCall: (id) => void xrm.Navigation.openForm({ entityName: 'phonecall', entityId: id }),
      openContact: (id) => void xrm.Navigation.openForm({ entityName: 'contact', entityId: id }),
    },
  });

  // Page i is loaded with pages[i]; the stack lets "previous" go back without $skip.
  let pages: string[] = [];
  let index = 0;
  let generation = 0;

  function showTotals(value: CallTotals): void {
    const item = (label: string, amount: string, key: string) =>
      h(doc, 'div', {}, h(doc, 'dt', {}, label), h(doc, 'dd', { 'data-total': key }, amount));
    const more = value.truncated ? '+' : '';
    totals.replaceChildren(
      item(t.totalCalls, `${value.count}${more}`, 'count'),
      item(t.totalAnswered, `${value.answered}${more}`, 'answered'),
      item(t.totalMissed, `${value.missed}${more}`, 'missed'),
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

  async function loadPage(mine: number): Promise<void> {
    const options = pages[index];
    if (options === undefined) return;
    root.setAttribute('aria-busy', 'true');
    status.textContent = t.loadingCalls;
    previous.disabled = true;
    next.disabled = true;
    try {
      const result = await webApi.retrieveMultipleRecords('phonecall', options, params.pageSize);
      if (mine !== generation) return;
      win.performance.mark('ringo:call-log:render-start');
      callTable.render(result.entities);
      win.performance.measure('ringo:call-log:build', 'ringo:call-log:render-start');
      // Reading a layout property lays the rows out now, so the measure covers style and layout too
      // (the browser would do the same work before the next paint anyway).
      void table.offsetHeight;
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
      pageLabel.textContent = `${t.page} ${index + 1}`;
      status.textContent =
        result.entities.length === 0 ? t.noCalls : `${t.callsShown}: ${result.entities.length}`;
    } catch (error) {
      if (mine !== generation) return;
      status.textContent = `${t.loadFailed}: ${error instanceof Error ? error.message : String(error)}`;
      status.className = 'ringo-status ringo-error';
    } finally {
      if (mine === generation) root.setAttribute('aria-busy', 'false');
    }
  }

  function search(): void {
    generation += 1;
    const mine = generation;
    status.className = 'ringo-status';
    if (params.unsavedContact) {
      callTable.render([]);
      showTotals(EMPTY_TOTALS);
      status.textContent = t.noCalls;
      root.setAttribute('aria-busy', 'false');
      return;
    }
    const current = readFilters(filters, params.contactId);
    const badRange = current.fromIso !== null && current.toIso !== null && current.toIso <= current.fromIso;
    filters.to.setAttribute('aria-invalid', badRange ? 'true' : 'false');
    if (badRange) {
      status.textContent = t.errDateRange;
      status.className = 'ringo-status ringo-error';
      root.setAttribute('aria-busy', 'false');
      filters.to.focus();
      return;
    }
    pages = [buildCallQuery(current)];
    index = 0;
    void loadPage(mine);
    loadTotals(buildTotalsQuery(current), mine).catch(() => mine === generation && totals.replaceChildren());
  }

  filters.form.addEventListener('submit', (event) => {
    event.preventDefault();
    search();
  });
  filters.form.addEventListener('reset', () => win.setTimeout(search, 0));
  previous.addEventListener('click', () => {
    index = Math.max(0, index - 1);
    void loadPage(generation);
  });
  next.addEventListener('click', () => {
    index += 1;
    void loadPage(generation);
  });

  webApi
    .retrieveMultipleRecords(
      'systemuser',
      '?$select=fullname,systemuserid&$filter=isdisabled eq false&$orderby=fullname',
    )
    .then(
      (users) => {
        for (const user of users.entities) {
          filters.owner.appendChild(
            h(doc, 'option', { value: String(user['systemuserid']) }, String(user['fullname'] ?? '')),
          );
        }
      },
      () => filters.owner.parentElement?.remove(), // no read access to users: filter by the other fields
    );
  search();
}

void start(window);
