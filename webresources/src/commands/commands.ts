import { resolveLanguage } from '../shared/crm-language';
import { textsFor } from '../shared/texts';

/**
 * Command-bar actions, registered in the solution's RibbonDiffXml with the global `Ringo.Commands`:
 * "Calls" on the contact form, "Call journal" and "Ringostat settings" on the phone call list. Pages open
 * with Xrm.Navigation.navigateTo (pageType "webresource"; `data` reaches the page as ?data=…):
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/xrm-navigation/navigateto
 */
export const CALL_LOG = 'ringo_/html/call_log.html';
export const SETTINGS = 'ringo_/html/settings.html';

type NavigationPort = Pick<Xrm.Navigation, 'navigateTo' | 'openAlertDialog'>;
type XrmPort = { Navigation: NavigationPort; Utility: Pick<Xrm.Utility, 'getGlobalContext'> };

const dialog = (title: string): Xrm.Navigation.NavigationOptions => ({
  target: 2,
  position: 1,
  width: { value: 85, unit: '%' },
  height: { value: 85, unit: '%' },
  title,
});

function texts(xrm: XrmPort) {
  return textsFor(resolveLanguage(xrm.Utility.getGlobalContext().userSettings.languageId));
}

/** The call log of the contact on the form, in a dialog. An unsaved contact has no calls yet: say so. */
export function openContactCallsWith(xrm: XrmPort, formContext: Xrm.FormContext): PromiseLike<unknown> {
  const t = texts(xrm);
  const id = formContext.data.entity.getId().replace(/[{}]/g, '').toLowerCase();
  if (!id) return xrm.Navigation.openAlertDialog({ text: t.saveContactFirst });
  return xrm.Navigation.navigateTo(
    { pageType: 'webresource', webresourceName: CALL_LOG, data: `contactid=${id}` },
    dialog(t.callLogTitle),
  );
}

/** The call journal (all Ringostat calls) as a page of its own. */
export function openCallJournalWith(xrm: XrmPort): PromiseLike<unknown> {
  return xrm.Navigation.navigateTo({ pageType: 'webresource', webresourceName: CALL_LOG }, { target: 1 });
}

export function openSettingsWith(xrm: XrmPort): PromiseLike<unknown> {
  return xrm.Navigation.navigateTo(
    { pageType: 'webresource', webresourceName: SETTINGS },
    dialog(texts(xrm).settingsTitle),
  );
}

// Thin handlers the command bar calls (CrmParameter PrimaryControl = the form context).
export function openContactCalls(primaryControl: Xrm.FormContext): void {
  void openContactCallsWith(Xrm, primaryControl);
}
export function openCallJournal(): void {
  void openCallJournalWith(Xrm);
}
export function openSettings(): void {
  void openSettingsWith(Xrm);
}
