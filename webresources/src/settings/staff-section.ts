import type { Language } from '../shared/crm-language';
import { h } from '../shared/dom';
import type { UserFormat } from '../shared/user-format';
import { staffTexts } from './staff-texts';

/**
 * The "Ringostat employees" card of the settings page (docs/adr/0117): which CRM user each Ringostat
 * employee's calls go to, read from the receiver's `GET /admin/ringostat/staff` with the admin token the
 * admin types here (never saved, like the webhook token). Each employee is a list item rather than a
 * table row, so the card reads at phone width without scrolling sideways. Data is written as text only.
 */

interface StaffEntry {
  staffId: string;
  name?: string;
  email?: string;
  extension?: string;
  sipLogins?: string[];
  crmUserName?: string;
  systemuserid?: string;
  matchedBy: 'staff-id' | 'email' | 'none';
  problemCode?: 'staff-id-shared' | 'email-shared' | 'no-email';
}

interface StaffAnswer {
  enabled: boolean;
  reason?: string;
  lastSuccessAt?: string | null;
  lastError?: string | null;
  counts?: { employees: number; byStaffId: number; byEmail: number; unmatched: number };
  staff?: StaffEntry[];
}

const TIMEOUT_MS = 10_000;

export function createStaffSection(
  win: Window,
  options: { language: Language; format: UserFormat; receiver: () => string | null },
): HTMLElement {
  const doc = win.document;
  const t = staffTexts(options.language);
  const token = h(doc, 'input', { id: 'staff-admin-token', type: 'password', autocomplete: 'off' });
  const show = h(doc, 'button', { type: 'button', 'data-action': 'show-staff' }, t.show);
  const status = h(doc, 'div', { class: 'ringo-status', role: 'status', 'aria-live': 'polite' });
  const list = h(doc, 'ul', { class: 'ringo-staff', 'aria-labelledby': 'staff-title' });

  function say(text: string, kind: '' | 'ok' | 'error' = ''): void {
    status.textContent = text;
    status.className = `ringo-status${kind ? ` ringo-${kind}` : ''}`;
  }

  function render(answer: StaffAnswer): void {
    list.replaceChildren();
    if (!answer.enabled) return say(`${t.disabled}: ${answer.reason ?? ''}`, 'error');
    const c = answer.counts ?? { employees: 0, byStaffId: 0, byEmail: 0, unmatched: 0 };
    const when = answer.lastSuccessAt ? options.format.dateTime(answer.lastSuccessAt) : t.never;
    const summary = t.summary
      .replace('{total}', String(c.employees))
      .replace('{byId}', String(c.byStaffId))
      .replace('{byEmail}', String(c.byEmail))
      .replace('{none}', String(c.unmatched));
    say(
      `${summary} ${t.refreshed}: ${when}.${answer.lastError ? ` ${t.lastError}: ${answer.lastError}` : ''}`,
      answer.lastError || c.unmatched > 0 ? 'error' : 'ok',
    );
    for (const entry of answer.staff ?? []) {
      const line = [
        entry.extension ? `${t.ext} ${entry.extension}` : '',
        ...(entry.sipLogins ?? []),
        entry.email ?? '',
      ]
        .filter((part) => part !== '')
        .join(' · ');
      const user =
        entry.matchedBy === 'none'
          ? h(
              doc,
              'p',
              { class: 'ringo-staff-user ringo-error' },
              [t.noUser.replace('{id}', entry.staffId), entry.problemCode ? t[entry.problemCode] : '']
                .filter((part) => part !== '')
                .join(' '),
            )
          : h(
              doc,
              'p',
              { class: 'ringo-staff-user' },
              `→ ${entry.crmUserName ?? entry.systemuserid ?? ''} (${entry.matchedBy === 'staff-id' ? t.byStaffId : t.byEmail})`,
            );
      list.appendChild(
        h(
          doc,
          'li',
          { 'data-staff': entry.staffId, 'data-matched': entry.matchedBy },
          h(
            doc,
            'p',
            { class: 'ringo-staff-name' },
            h(doc, 'strong', {}, entry.name ?? entry.staffId),
            ` · ID ${entry.staffId}`,
          ),
          line ? h(doc, 'p', { class: 'ringo-muted' }, line) : null,
          user,
        ),
      );
    }
  }

  show.addEventListener('click', () => {
    const base = options.receiver();
    if (!base) return say(t.needReceiver, 'error');
    say(t.loading);
    const abort = new AbortController();
    const timer = win.setTimeout(() => abort.abort(), TIMEOUT_MS);
    win
      .fetch(`${base}/admin/ringostat/staff`, {
        headers: { authorization: `Bearer ${token.value.trim()}` },
        cache: 'no-store',
        credentials: 'omit',
        signal: abort.signal,
      })
      .then(async (response) => {
        if (response.status === 401) return say(t.refused, 'error');
        if (!response.ok) return say(`${t.unreachable}: HTTP ${response.status}`, 'error');
        render((await response.json()) as StaffAnswer);
      })
      .catch((error: unknown) =>
        say(`${t.unreachable}: ${error instanceof Error ? error.message : String(error)}`, 'error'),
      )
      .finally(() => win.clearTimeout(timer));
  });

  return h(
    doc,
    'section',
    { class: 'ringo-card', 'aria-labelledby': 'staff-title' },
    h(doc, 'h2', { id: 'staff-title' }, t.title),
    h(doc, 'p', { class: 'ringo-muted' }, t.help),
    h(doc, 'div', { class: 'ringo-field' }, h(doc, 'label', { for: 'staff-admin-token' }, t.token), token),
    h(doc, 'div', { class: 'ringo-actions' }, show),
    status,
    list,
  );
}
