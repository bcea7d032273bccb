/**
 * Stands in for the CRM's "Ringostat phone call" form in the preview (browser code): loads the phone
 * call through Xrm.WebApi, shows a few of its fields, hosts the player web resource in an iframe named
 * like the form control, and runs the real form script (Ringo.PhoneCallForm.onLoad) with a formContext
 * that offers what the script and the player use: getAttribute, getControl().getContentWindow(),
 * ui.tabs, data.refresh, data.entity.getId. Its fields are shown the way the CRM form shows them to the
 * user — the date in the user's format and time zone, through the same code the journal uses.
 */
import { callOutcome, OUTCOME_LABEL } from '../../webresources/src/shared/call-outcome';
import { resolveLanguage } from '../../webresources/src/shared/crm-language';
import { textsFor } from '../../webresources/src/shared/texts';
import { createUserFormat } from '../../webresources/src/shared/user-format';

type Values = Record<string, unknown>;
type Handler = (context?: unknown) => void;

interface HostWindow extends Window {
  Xrm: Xrm.XrmStatic;
  Ringo?: { PhoneCallForm?: { onLoad(context: unknown): void } };
}

const win = window as unknown as HostWindow;
const COLUMNS =
  'subject,phonenumber,directioncode,actualstart,actualend,ringo_callresult,ringo_hasrecording,ringo_recordingurl,ringo_callcardurl,ringo_talkseconds,ringo_employeename,_regardingobjectid_value,_ownerid_value';
const FORMATTED = '@OData.Community.Display.V1.FormattedValue';

function text(id: string, value: unknown): void {
  const element = document.getElementById(id);
  if (element) element.textContent = value === null || value === undefined ? '' : String(value);
}

async function main(): Promise<void> {
  const id = new URLSearchParams(win.location.search).get('id') ?? '';
  const frame = document.getElementById('WebResource_recordingplayer') as HTMLIFrameElement;
  const loaded = new Promise<Window>((resolve) => {
    if (
      frame.contentDocument?.readyState === 'complete' &&
      frame.contentWindow?.location.href !== 'about:blank'
    )
      resolve(frame.contentWindow as Window);
    frame.addEventListener('load', () => resolve(frame.contentWindow as Window), { once: true });
  });
  let values: Values = await win.Xrm.WebApi.retrieveRecord('phonecall', id, `?$select=${COLUMNS}`);
  const handlers = new Map<string, Handler[]>();

  const settings = win.Xrm.Utility.getGlobalContext().userSettings;
  const language = resolveLanguage(settings.languageId);
  const t = textsFor(language);
  const format = createUserFormat(settings, language);
  const show = (): void => {
    const outgoing = values['directioncode'] === true;
    const outcome = callOutcome(outgoing, values['ringo_callresult']);
    text('f-subject', values['subject']);
    text('f-phone', values['phonenumber']);
    text('f-direction', outgoing ? t.outgoing : t.incoming);
    text('f-start', format.dateTime(values['actualstart'] as string | null));
    text('f-result', outcome === 'unknown' ? '' : t[OUTCOME_LABEL[outcome]]);
    text('f-employee', values[`_ownerid_value${FORMATTED}`]);
    text('f-contact', values[`_regardingobjectid_value${FORMATTED}`] ?? t.unknownContact);
    text('f-ringostat-name', values['ringo_employeename']);
  };

  const attribute = (name: string) => ({
    getName: () => name,
    getValue: () => values[name] ?? null,
    setValue: (value: unknown) => {
      values = { ...values, [name]: value };
    },
    addOnChange: (handler: Handler) => handlers.set(name, [...(handlers.get(name) ?? []), handler]),
    fireOnChange: () => (handlers.get(name) ?? []).forEach((handler) => handler()),
  });
  const tabHandlers: Handler[] = [];
  const formContext = {
    getAttribute: (name: string) => attribute(name),
    getControl: (name: string) =>
      name === 'WebResource_recordingplayer' ? { getName: () => name, getContentWindow: () => loaded } : null,
    ui: {
      tabs: {
        forEach: (fn: (tab: unknown) => void) =>
          fn({
            getName: () => 'general',
            addTabStateChange: (handler: Handler) => tabHandlers.push(handler),
          }),
      },
    },
    data: {
      entity: { getId: () => `{${id}}`, getEntityName: () => 'phonecall' },
      refresh: async () => {
        const before = values['ringo_recordingurl'];
        values = await win.Xrm.WebApi.retrieveRecord('phonecall', id, `?$select=${COLUMNS}`);
        show();
        if (values['ringo_recordingurl'] !== before) attribute('ringo_recordingurl').fireOnChange();
      },
    },
  };
  (win as unknown as { __ringoTabChange: () => void }).__ringoTabChange = () =>
    tabHandlers.forEach((handler) => handler());
  show();
  const onLoad = win.Ringo?.PhoneCallForm?.onLoad;
  if (!onLoad)
    throw new Error('Ringo.PhoneCallForm.onLoad is missing: is ringo_/js/phonecall_form.js built?');
  onLoad({ getFormContext: () => formContext, getEventSource: () => formContext });
}

main().catch((error: unknown) => text('f-error', error instanceof Error ? error.message : String(error)));

export {};
