import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { REPO } from './solution-copy';

/**
 * The solution is the single source of truth for the Dataverse contract of DESIGN.md §4: the receiver
 * writes these columns and the emulator enforces them. These tests pin the contract to the XML.
 */
type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name) => ['Entity', 'attribute', 'option', 'cell', 'RootComponent'].includes(name),
});
const read = async (file: string): Promise<Node> =>
  parser.parse(await readFile(join(REPO, 'solution', file), 'utf8')) as Node;
const at = (node: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>((n, key) => (n as Node | undefined)?.[key], node);

async function columns(entity: string): Promise<Record<string, string>> {
  const doc = await read('customizations.xml');
  const entities = at(doc, 'ImportExportXml', 'Entities', 'Entity') as Node[];
  const found = entities.find((e) => at(e, 'Name', '#text') === entity);
  const attributes =
    (at(found, 'EntityInfo', 'entity', 'attributes', 'attribute') as Node[] | undefined) ?? [];
  return Object.fromEntries(
    attributes.map((a) => {
      const detail = [a['Type'], a['Format'], a['MaxLength']]
        .filter((v) => v !== undefined && v !== '')
        .join(' ');
      return [String(a['@PhysicalName']), detail];
    }),
  );
}

describe('the Dataverse contract in solution/', () => {
  it('adds the phone-call columns the receiver writes', async () => {
    expect(await columns('PhoneCall')).toEqual({
      ringo_callid: 'nvarchar text 100',
      ringo_callresult: 'picklist',
      ringo_disposition: 'nvarchar text 100',
      ringo_talkseconds: 'int none',
      ringo_waitseconds: 'int none',
      ringo_durationseconds: 'int none',
      ringo_recordingurl: 'nvarchar url 1000',
      ringo_hasrecording: 'picklist',
      ringo_trackingnumber: 'nvarchar text 100',
      ringo_employeename: 'nvarchar text 200',
      ringo_employeeid: 'nvarchar text 100',
      ringo_callcardurl: 'nvarchar url 1000',
      ringo_utmsource: 'nvarchar text 500',
      ringo_utmmedium: 'nvarchar text 500',
      ringo_utmcampaign: 'nvarchar text 500',
      ringo_utmterm: 'nvarchar text 500',
      ringo_utmcontent: 'nvarchar text 500',
      ringo_landing: 'nvarchar text 1000',
      ringo_referrer: 'nvarchar text 1000',
      ringo_gaclientid: 'nvarchar text 100',
      ringo_targetcall: 'bit',
      ringo_repeatcall: 'bit',
      ringo_rating: 'int none',
      ringo_scheme: 'nvarchar text 200',
      ringo_pool: 'nvarchar text 200',
      ringo_aisummary: 'ntext text 10000',
      ringo_aiclientmood: 'nvarchar text 1000',
      ringo_aiemployeemood: 'nvarchar text 1000',
      ringo_aioverallmood: 'ntext text 4000',
      ringo_airecommendations: 'ntext text 10000',
    });
  });

  it('offers answered/not answered in three languages with the publisher choice-value prefix, and keys phone calls on ringo_callid', async () => {
    const xml = await readFile(join(REPO, 'solution', 'customizations.xml'), 'utf8');
    expect(xml).toMatch(
      /<option value="107350000" ExternalValue="answered">\s*<labels>\s*<label description="Answered" languagecode="1033" \/>\s*<label description="Прийнятий" languagecode="1058" \/>\s*<label description="Принят" languagecode="1049" \/>/,
    );
    expect(xml).toMatch(
      /<option value="107350001" ExternalValue="missed">\s*<labels>\s*<label description="Not answered" languagecode="1033" \/>\s*<label description="Без відповіді" languagecode="1058" \/>\s*<label description="Без ответа" languagecode="1049" \/>/,
    );
    expect(xml).toMatch(
      /<EntityKey>\s*<Name>ringo_callid_key<\/Name>[\s\S]*?<EntityKeyAttributes>\s*<AttributeName>ringo_callid<\/AttributeName>\s*<\/EntityKeyAttributes>/,
    );
  });

  it('labels every solution text the CRM shows in English, Ukrainian and Russian, in every solution file', async () => {
    const files = (await readdir(join(REPO, 'solution'), { recursive: true })).filter((f) =>
      f.endsWith('.xml'),
    );
    expect(files).toEqual(
      expect.arrayContaining([
        'customizations.xml',
        'solution.xml',
        join('customapis', 'ringo_OnCallLogged', 'customapi.xml'),
        join('environmentvariabledefinitions', 'ringo_Language', 'environmentvariabledefinition.xml'),
      ]),
    );
    let english = 0;
    const languages = new Set<string>();
    for (const file of files) {
      const xml = await readFile(join(REPO, 'solution', file), 'utf8');
      for (const m of xml.matchAll(/\blanguagecode="(\d+)"/g)) languages.add(m[1] ?? '');
      for (const m of xml.matchAll(/<(\w+) description="[^"]*" languagecode="1033" \/>/g)) {
        english += 1;
        const after = xml.slice((m.index ?? 0) + m[0].length, (m.index ?? 0) + m[0].length + 1200);
        expect([file, m[0], after]).toEqual([
          file,
          m[0],
          expect.stringMatching(
            new RegExp(
              `^\\s*<${m[1]} description="[^"]+" languagecode="1058" />\\s*<${m[1]} description="[^"]+" languagecode="1049" />`,
            ),
          ),
        ]);
      }
      // A Russian text pasted as Ukrainian (or the other way round) shows letters the language does not have.
      for (const m of xml.matchAll(/description="([^"]*)" languagecode="1058"/g))
        expect([file, m[1]]).toEqual([file, expect.not.stringMatching(/[ыэъё]/i)]);
      for (const m of xml.matchAll(/description="([^"]*)" languagecode="1049"/g))
        expect([file, m[1]]).toEqual([file, expect.not.stringMatching(/[іїєґ]/i)]);
    }
    expect(english).toBeGreaterThan(150);
    expect([...languages].sort()).toEqual(['1033', '1049', '1058']);
  });

  it('marks contacts created by the integration, maps users to Ringostat staff, and leaves contact a bare shell', async () => {
    expect(await columns('Contact')).toEqual({ ringo_createdbyringostat: 'bit' });
    expect(await columns('SystemUser')).toEqual({ ringo_ringostatstaffid: 'nvarchar text 100' });
    const xml = await readFile(join(REPO, 'solution', 'customizations.xml'), 'utf8');
    const contact = xml.slice(xml.indexOf('<entity Name="Contact">'), xml.indexOf('</entity>'));
    // Change tracking is checked at start and explained (docs/adr/0093), not shipped in a shell.
    expect(contact).not.toContain('ChangeTrackingEnabled');
  });

  it('lists English, Ukrainian and Russian in <Languages>, the languages its labels use, and no other', async () => {
    const xml = await readFile(join(REPO, 'solution', 'customizations.xml'), 'utf8');
    expect(xml).toMatch(
      /<Languages>\s*<Language>1033<\/Language>\s*<Language>1058<\/Language>\s*<Language>1049<\/Language>\s*<\/Languages>/,
    );
  });

  it('ships the Ringostat calls view with date, direction, contact, employee, result, talk time and recording', async () => {
    const doc = await read('customizations.xml');
    const phone = (at(doc, 'ImportExportXml', 'Entities', 'Entity') as Node[]).find(
      (e) => at(e, 'Name', '#text') === 'PhoneCall',
    );
    const view = at(phone, 'SavedQueries', 'savedqueries', 'savedquery') as Node;
    expect(at(view, 'querytype')).toBe('0');
    const names = at(view, 'LocalizedNames', 'LocalizedName') as Node[] | Node;
    expect((Array.isArray(names) ? names : [names]).map((n) => n['@description'])).toEqual([
      'Ringostat calls',
      'Дзвінки Ringostat',
      'Звонки Ringostat',
    ]);
    const cells = (at(view, 'layoutxml', 'grid', 'row', 'cell') as Node[]).map((c) => c['@name']);
    expect(cells).toEqual(
      expect.arrayContaining([
        'actualstart',
        'directioncode',
        'regardingobjectid',
        'ownerid',
        'ringo_callresult',
        'ringo_talkseconds',
        'ringo_recordingurl',
      ]),
    );
  });

  it('the Ringostat calls view shows the attribution columns it selects, and selects every column it shows', async () => {
    const doc = await read('customizations.xml');
    const phone = (at(doc, 'ImportExportXml', 'Entities', 'Entity') as Node[]).find(
      (e) => at(e, 'Name', '#text') === 'PhoneCall',
    );
    const view = at(phone, 'SavedQueries', 'savedqueries', 'savedquery') as Node;
    const cells = (at(view, 'layoutxml', 'grid', 'row', 'cell') as Node[]).map((c) => c['@name']);
    const fetched = (at(view, 'fetchxml', 'fetch', 'entity', 'attribute') as Node[]).map((a) => a['@name']);
    expect(cells).toEqual(
      expect.arrayContaining(['ringo_targetcall', 'ringo_rating', 'ringo_pool', 'ringo_landing']),
    );
    expect(fetched).toEqual(expect.arrayContaining(cells));
  });

  it('defines the environment variables with their types and defaults', async () => {
    const expected: Record<string, [string, string | undefined]> = {
      ringo_DefaultOwnerId: ['100000000', undefined],
      ringo_DefaultCountry: ['100000000', 'UA'],
      ringo_ReceiverUrl: ['100000000', undefined],
      ringo_MissedCallMode: ['100000000', 'open'],
      ringo_CallbackDueHours: ['100000001', '2'],
      ringo_Language: ['100000000', 'uk'],
      ringo_RecordingHosts: ['100000000', undefined],
      // Forwarding to the responsible manager (docs/adr/0131): off until an admin turns it on.
      ringo_ForwardingEnabled: ['100000000', 'off'],
      ringo_ForwardingHours: ['100000000', undefined],
      ringo_ForwardingAmbiguous: ['100000000', 'same-owner'],
      ringo_ForwardingExtensions: ['100000000', undefined],
    };
    for (const [name, [type, defaultValue]] of Object.entries(expected)) {
      const def = at(
        await read(`environmentvariabledefinitions/${name}/environmentvariabledefinition.xml`),
        'environmentvariabledefinition',
      );
      expect([name, at(def, 'type'), at(def, 'defaultvalue')]).toEqual([name, type, defaultValue]);
    }
  });

  it('defines ringo_OnCallLogged as an unbound, async-only business event with its five request parameters', async () => {
    const api = at(await read('customapis/ringo_OnCallLogged/customapi.xml'), 'customapi');
    expect([
      at(api, 'bindingtype'),
      at(api, 'allowedcustomprocessingsteptype'),
      at(api, 'isfunction'),
      at(api, 'plugintypeid'),
    ]).toEqual(['0', '1', '0', '']);
    const params: Record<string, [string, string]> = {};
    for (const name of ['PhoneCallId', 'ContactId', 'CallId', 'Direction', 'Answered']) {
      const p = at(
        await read(
          `customapis/ringo_OnCallLogged/customapirequestparameters/${name}/customapirequestparameter.xml`,
        ),
        'customapirequestparameter',
      );
      params[name] = [String(at(p, 'type')), String(at(p, 'isoptional'))];
    }
    // types: 12 Guid, 10 String, 0 Boolean (learn …/data-platform/custom-api-tables)
    expect(params).toEqual({
      PhoneCallId: ['12', '0'],
      ContactId: ['12', '1'],
      CallId: ['10', '0'],
      Direction: ['10', '0'],
      Answered: ['0', '0'],
    });
  });
});
