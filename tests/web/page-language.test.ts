import { pageLanguage } from '../../webresources/src/shared/page-language';

/** Just enough of Xrm for the language choice: the user's LCID and a Web API holding ringo_Language. */
function fakeXrm(languageId: number, configured: string | null, failing = false) {
  let requests = 0;
  const definitionId = '00000000-0000-0000-0000-0000000000aa';
  const xrm = {
    Utility: { getGlobalContext: () => ({ userSettings: { languageId } }) },
    WebApi: {
      retrieveMultipleRecords(entity: string) {
        requests += 1;
        if (failing) return Promise.reject(new Error('no read access'));
        if (entity === 'environmentvariabledefinition')
          return Promise.resolve({
            entities: [
              {
                schemaname: 'ringo_Language',
                defaultvalue: 'uk',
                environmentvariabledefinitionid: definitionId,
              },
            ],
          });
        return Promise.resolve({
          entities: configured
            ? [
                {
                  value: configured,
                  _environmentvariabledefinitionid_value: definitionId,
                  environmentvariablevalueid: 'v',
                },
              ]
            : [],
        });
      },
    },
  };
  return { xrm: xrm as unknown as Xrm.XrmStatic, requests: () => requests };
}

describe('the language a page speaks', () => {
  it('follows a Ukrainian, English or Russian CRM user without asking Dataverse', async () => {
    const english = fakeXrm(1033, 'uk');
    await expect(pageLanguage(english.xrm)).resolves.toBe('en');
    expect(english.requests()).toBe(0);
    await expect(pageLanguage(fakeXrm(1058, 'en').xrm)).resolves.toBe('uk');
    const russian = fakeXrm(1049, 'uk');
    await expect(pageLanguage(russian.xrm)).resolves.toBe('ru');
    expect(russian.requests()).toBe(0);
  });

  it('uses ringo_Language for a user whose CRM language is not translated', async () => {
    await expect(pageLanguage(fakeXrm(1045, 'en').xrm)).resolves.toBe('en');
    await expect(pageLanguage(fakeXrm(1045, null).xrm)).resolves.toBe('uk'); // the definition's default
  });

  it('falls back to Ukrainian when the variable cannot be read', async () => {
    await expect(pageLanguage(fakeXrm(1045, 'en', true).xrm)).resolves.toBe('uk');
  });
});
