import { XrmMockGenerator } from 'xrm-mock';
import {
  CALL_LOG,
  openCallJournalWith,
  openContactCallsWith,
  openSettingsWith,
} from '../../webresources/src/commands/commands';

/** Records what the command asked Xrm.Navigation to do. */
class FakeNavigation {
  readonly calls: { method: string; args: unknown[] }[] = [];
  navigateTo(...args: unknown[]): Promise<void> {
    this.calls.push({ method: 'navigateTo', args });
    return Promise.resolve();
  }
  openAlertDialog(...args: unknown[]): Promise<void> {
    this.calls.push({ method: 'openAlertDialog', args });
    return Promise.resolve();
  }
}

function fakeXrm(languageId = 1058) {
  const Navigation = new FakeNavigation();
  const xrm = { Navigation, Utility: { getGlobalContext: () => ({ userSettings: { languageId } }) } };
  return { xrm: xrm as unknown as Parameters<typeof openCallJournalWith>[0], Navigation };
}

function contactForm(id: string): Xrm.FormContext {
  XrmMockGenerator.initialise({ entity: { entityName: 'contact', id } });
  return XrmMockGenerator.getFormContext();
}

describe('command-bar actions', () => {
  it('"Calls" on a contact opens its call log in a dialog, passing the contact id as data', async () => {
    const { xrm, Navigation } = fakeXrm(1033);
    await openContactCallsWith(xrm, contactForm('{AAAAAAAA-1111-2222-3333-444444444444}'));
    expect(Navigation.calls).toEqual([
      {
        method: 'navigateTo',
        args: [
          {
            pageType: 'webresource',
            webresourceName: CALL_LOG,
            data: 'contactid=aaaaaaaa-1111-2222-3333-444444444444',
          },
          expect.objectContaining({ target: 2, title: 'Calls' }),
        ],
      },
    ]);
  });

  it('"Calls" on a contact that is not saved yet explains instead of opening an empty log', async () => {
    const { xrm, Navigation } = fakeXrm();
    const unsaved = { data: { entity: { getId: () => '' } } } as unknown as Xrm.FormContext;
    await openContactCallsWith(xrm, unsaved);
    expect(Navigation.calls).toEqual([
      {
        method: 'openAlertDialog',
        args: [{ text: 'Спершу збережіть контакт: у нового контакту ще немає дзвінків.' }],
      },
    ]);
  });

  it('"Call journal" opens the call log for everyone as a page; "Settings" opens the settings page', async () => {
    const { xrm, Navigation } = fakeXrm();
    await openCallJournalWith(xrm);
    await openSettingsWith(xrm);
    expect(Navigation.calls.map((c) => c.args[0])).toEqual([
      { pageType: 'webresource', webresourceName: CALL_LOG },
      { pageType: 'webresource', webresourceName: 'ringo_/html/settings.html' },
    ]);
    expect(Navigation.calls[1]?.args[1]).toEqual(
      expect.objectContaining({ title: 'Налаштування Ringostat' }),
    );
  });
});
