import { browserLanguage } from '../shared/crm-language';
import { byId, h } from '../shared/dom';
import { effectiveValue, readEnvironmentVariables, RINGO_VARIABLES } from '../shared/environment-variables';
import { findXrm } from '../shared/find-xrm';
import { pageLanguage } from '../shared/page-language';
import { textsFor } from '../shared/texts';
import { createUserFormat } from '../shared/user-format';
import { copyText } from './copy-text';
import { saveVariable } from './save-variable';
import { buildOwnerPicker } from './owner-picker';
import { createStaffSection } from './staff-section';
import { buildField } from './variable-field';
import { normaliseValue, validateValue } from './variable-rules';
import { buildWebhookUrls, receiverBase } from './webhook-urls';

/** The receiver's health check answers fast or not at all; don't leave the admin waiting. */
const HEALTH_TIMEOUT_MS = 5000;

async function start(win: Window): Promise<void> {
  const doc = win.document;
  const root = byId(doc, 'ringo-settings');
  const xrm = findXrm(win);
  if (!xrm) {
    root.textContent = textsFor(browserLanguage(win)).notInCrm;
    return;
  }
  const language = await pageLanguage(xrm);
  doc.documentElement.lang = language;
  const t = textsFor(language);
  doc.title = t.settingsTitle;
  const webApi = xrm.WebApi;
  let variables = await readEnvironmentVariables(webApi);

  // Webhook URLs
  const token = h(doc, 'input', {
    id: 'webhook-token',
    type: 'text',
    autocomplete: 'off',
    spellcheck: 'false',
    placeholder: t.tokenPlaceholder,
  });
  const urlList = h(doc, 'div', { id: 'webhook-urls' });
  const copyStatus = h(doc, 'div', { class: 'ringo-status', role: 'status', 'aria-live': 'polite' });
  // Fields
  const fields = RINGO_VARIABLES.map((name) =>
    name === 'ringo_DefaultOwnerId'
      ? buildOwnerPicker(doc, win, t, webApi, variables.get(name))
      : buildField(doc, t, name, variables.get(name)),
  );
  const receiverField = fields.find((field) => field.name === 'ringo_ReceiverUrl');
  const save = h(doc, 'button', { type: 'submit', class: 'ringo-primary' }, t.save);
  const check = h(doc, 'button', { type: 'button', 'data-action': 'check-connection' }, t.checkConnection);
  const saveStatus = h(doc, 'div', { class: 'ringo-status', role: 'status', 'aria-live': 'polite' });
  // The forwarding rules (docs/adr/0131, 0145) together, folded away until an admin sets one of them:
  // most companies never forward, and the page stays short.
  const isForwarding = (name: string): boolean => name.startsWith('ringo_Forwarding');
  const forwarding = h(
    doc,
    'details',
    { class: 'ringo-group', open: fields.some((f) => isForwarding(f.name) && f.read() !== '') },
    h(doc, 'summary', {}, h(doc, 'h3', { id: 'forwarding-title' }, t.forwardingTitle)),
    h(
      doc,
      'div',
      { class: 'ringo-fields' },
      ...fields.filter((f) => isForwarding(f.name)).map((f) => f.element),
    ),
  );
  const form = h(
    doc,
    'form',
    { novalidate: true },
    h(
      doc,
      'div',
      { class: 'ringo-fields' },
      ...fields.filter((f) => !isForwarding(f.name)).map((f) => f.element),
    ),
    forwarding,
    h(doc, 'div', { class: 'ringo-actions' }, save, check),
    saveStatus,
  );

  const currentReceiver = (): string | null => {
    const typed = receiverField ? normaliseValue('ringo_ReceiverUrl', receiverField.read()) : '';
    return receiverBase(typed) ?? receiverBase(effectiveValue(variables.get('ringo_ReceiverUrl')));
  };

  function renderUrls(): void {
    const urls = buildWebhookUrls(currentReceiver(), token.value);
    if (urls.length === 0) {
      urlList.replaceChildren(h(doc, 'p', { class: 'ringo-muted' }, t.needReceiverUrl));
      return;
    }
    urlList.replaceChildren(
      ...urls.map(({ event, label, url }) => {
        const copy = h(
          doc,
          'button',
          { type: 'button', 'data-copy': event, 'aria-label': `${t.copy}: ${t[label]}` },
          t.copy,
        );
        copy.addEventListener('click', () => {
          void copyText(win, url).then((ok) => {
            copyStatus.textContent = ok ? `${t.copied}: ${t[label]}` : t.copyFailed;
            copyStatus.className = `ringo-status ${ok ? 'ringo-ok' : 'ringo-error'}`;
          });
        });
        return h(
          doc,
          'div',
          { class: 'ringo-webhook' },
          h(doc, 'span', {}, t[label]),
          h(doc, 'code', { 'data-url': event }, url),
          copy,
        );
      }),
    );
  }

  function validate(): boolean {
    let ok = true;
    for (const field of fields) {
      const problem = field.input.disabled
        ? null
        : validateValue(field.name, normaliseValue(field.name, field.read()));
      field.error.textContent = problem ? t[problem] : '';
      field.input.setAttribute('aria-invalid', problem ? 'true' : 'false');
      if (problem) ok = false;
    }
    return ok;
  }

  async function ownerExists(id: string): Promise<boolean> {
    try {
      const user = await webApi.retrieveRecord(
        'systemuser',
        id,
        '?$select=fullname,isdisabled,applicationid',
      );
      return user['isdisabled'] !== true && !user['applicationid'];
    } catch {
      return false;
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void (async () => {
      saveStatus.className = 'ringo-status';
      if (!validate()) {
        saveStatus.textContent = t.fixErrors;
        saveStatus.className = 'ringo-status ringo-error';
        const invalid = fields.find((f) => f.input.getAttribute('aria-invalid') === 'true')?.input;
        invalid?.closest('details')?.setAttribute('open', '');
        invalid?.focus();
        return;
      }
      const owner = fields.find((f) => f.name === 'ringo_DefaultOwnerId');
      const ownerValue = owner ? normaliseValue(owner.name, owner.read()) : '';
      if (
        owner &&
        ownerValue &&
        ownerValue !== variables.get(owner.name)?.value &&
        !(await ownerExists(ownerValue))
      ) {
        owner.error.textContent = t.errUserMissing;
        owner.input.setAttribute('aria-invalid', 'true');
        owner.input.focus();
        saveStatus.textContent = t.fixErrors;
        saveStatus.className = 'ringo-status ringo-error';
        return;
      }
      save.disabled = true;
      saveStatus.textContent = t.saving;
      try {
        for (const field of fields) {
          const variable = variables.get(field.name);
          const value = normaliseValue(field.name, field.read());
          if (!variable || value === (variable.value ?? '')) continue;
          await saveVariable(webApi, variable, value);
        }
        variables = await readEnvironmentVariables(webApi);
        saveStatus.textContent = t.saved;
        saveStatus.className = 'ringo-status ringo-ok';
        renderUrls();
      } catch (error) {
        saveStatus.textContent = `${t.saveFailed}: ${error instanceof Error ? error.message : String(error)}`;
        saveStatus.className = 'ringo-status ringo-error';
      } finally {
        save.disabled = false;
      }
    })();
  });

  check.addEventListener('click', () => {
    const base = currentReceiver();
    if (!base) {
      saveStatus.textContent = t.needReceiverUrl;
      saveStatus.className = 'ringo-status ringo-error';
      return;
    }
    saveStatus.textContent = t.checking;
    saveStatus.className = 'ringo-status';
    const abort = new AbortController();
    const timer = win.setTimeout(() => abort.abort(), HEALTH_TIMEOUT_MS);
    win
      .fetch(`${base}/healthz`, { cache: 'no-store', signal: abort.signal })
      .then(
        (response) => {
          const ok = response.ok;
          saveStatus.textContent = ok
            ? `${t.connectionOk} (${base})`
            : `${t.connectionFailed}: HTTP ${response.status}`;
          saveStatus.className = `ringo-status ${ok ? 'ringo-ok' : 'ringo-error'}`;
        },
        (error: unknown) => {
          saveStatus.textContent = `${t.connectionFailed}: ${error instanceof Error ? error.message : String(error)}`;
          saveStatus.className = 'ringo-status ringo-error';
        },
      )
      .finally(() => win.clearTimeout(timer));
  });

  token.addEventListener('input', renderUrls);
  receiverField?.input.addEventListener('input', renderUrls);
  root.replaceChildren(
    h(doc, 'h1', {}, t.settingsTitle),
    h(
      doc,
      'section',
      { class: 'ringo-card', 'aria-labelledby': 'webhooks-title' },
      h(doc, 'h2', { id: 'webhooks-title' }, t.webhooksTitle),
      h(doc, 'p', { class: 'ringo-muted' }, t.webhooksHelp),
      h(doc, 'div', { class: 'ringo-field' }, h(doc, 'label', { for: 'webhook-token' }, t.token), token),
      urlList,
      copyStatus,
    ),
    h(
      doc,
      'section',
      { class: 'ringo-card', 'aria-labelledby': 'variables-title' },
      h(doc, 'h2', { id: 'variables-title' }, t.variablesTitle),
      form,
    ),
    createStaffSection(win, {
      language,
      format: createUserFormat(xrm.Utility.getGlobalContext().userSettings, language),
      receiver: currentReceiver,
    }),
  );
  root.setAttribute('aria-busy', 'false');
  renderUrls();
}

start(window).catch((error: unknown) => {
  const root = window.document.getElementById('ringo-settings');
  if (root) {
    root.textContent = `Ringostat: ${error instanceof Error ? error.message : String(error)}`;
    root.className = 'ringo-error';
  }
});
