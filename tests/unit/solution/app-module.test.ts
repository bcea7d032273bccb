import { strFromU8, unzipSync } from 'fflate';
import { XMLParser } from 'fast-xml-parser';
import { packSolution, stableGuid } from '../../../scripts/solution';
import { copySolution, packError, type SolutionCopy } from './solution-copy';

// Schema validation runs libxml2 in a worker; on a busy shared machine it can take seconds. No test here
// asserts on speed — this only keeps jest's default 5 s cap from failing a slow run.
jest.setTimeout(60_000);

type Node = Record<string, unknown>;
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  parseTagValue: false,
  isArray: (name) => ['AppModuleComponent', 'SubArea', 'Group', 'Title', 'WebResource'].includes(name),
});

async function pack(copy: SolutionCopy) {
  return packSolution({ managed: true, sourceDir: copy.sourceDir, webresourcesDir: copy.webresourcesDir });
}

describe('the Ringostat app and its site map', () => {
  let copy: SolutionCopy;
  beforeEach(async () => {
    copy = await copySolution();
  });
  afterEach(() => copy.remove());

  it('the packed zip holds the app and a "Ringostat" area whose pages are web resources in the same zip', async () => {
    const packed = await pack(copy);
    const files = unzipSync(packed.zip);
    const text = (name: string): string => strFromU8(files[name] ?? new Uint8Array());
    const doc = parser.parse(text('customizations.xml')) as Node;
    const root = doc['ImportExportXml'] as Node;
    const siteMap = (root['AppModuleSiteMaps'] as Node)['AppModuleSiteMap'] as Node;
    expect(siteMap['SiteMapUniqueName']).toBe('ringo_Ringostat');
    const area = (siteMap['SiteMap'] as Node)['Area'] as Node;
    const subAreas = (area['Group'] as Node[]).flatMap((g) => g['SubArea'] as Node[]);
    const target = (s: Node) => String(s['@Url'] ?? `entity:${String(s['@Entity'])}`);
    expect(subAreas.map(target)).toEqual([
      'entity:phonecall',
      '$webresource:ringo_/html/call_log.html',
      'entity:contact',
      '$webresource:ringo_/html/settings.html',
    ]);
    const titles = (s: Node) =>
      Object.fromEntries(((s['Titles'] as Node)['Title'] as Node[]).map((t) => [t['@LCID'], t['@Title']]));
    expect(subAreas.map(titles)).toEqual([
      { 1033: 'Calls', 1058: 'Дзвінки', 1049: 'Звонки' },
      { 1033: 'Call journal', 1058: 'Журнал дзвінків', 1049: 'Журнал звонков' },
      { 1033: 'Contacts', 1058: 'Контакти', 1049: 'Контакты' },
      { 1033: 'Settings', 1058: 'Налаштування', 1049: 'Настройки' },
    ]);

    // Each page the site map opens is a web resource of this zip, with its file present.
    const webResources = (root['WebResources'] as Node)['WebResource'] as Node[];
    for (const page of ['ringo_/html/call_log.html', 'ringo_/html/settings.html']) {
      const resource = webResources.find((w) => w['Name'] === page);
      expect(resource?.['WebResourceId']).toBe(`{${stableGuid(page)}}`);
      expect(files[String(resource?.['FileName']).replace(/^\//, '')]).toBeDefined();
    }

    const app = (root['AppModules'] as Node)['AppModule'] as Node;
    expect(app['UniqueName']).toBe('ringo_Ringostat');
    const components = (app['AppModuleComponents'] as Node)['AppModuleComponent'] as Node[];
    expect(components.map((c) => `${String(c['@type'])}:${String(c['@schemaName'] ?? c['@id'])}`)).toEqual([
      '1:contact',
      '1:phonecall',
      '26:{940dc0df-7375-5200-8785-62e906ea8476}', // the "Ringostat calls" view
      '60:{2b334426-3988-5688-8368-822c049c6070}', // Ringostat contact form
      '60:{ac811943-2e87-52f4-aaa7-ea540c026ec3}', // Ringostat phone call form
      '62:ringo_Ringostat',
    ]);
    expect(text('solution.xml')).toContain(
      '<RootComponent type="62" schemaName="ringo_Ringostat" behavior="0" />',
    );
    expect(text('solution.xml')).toContain(
      '<RootComponent type="80" schemaName="ringo_Ringostat" behavior="0" />',
    );
  });

  it('refuses a site map page that is not a web resource of the package', async () => {
    await copy.edit('customizations.xml', (t) =>
      t.replace('$webresource:ringo_/html/settings.html', '$webresource:ringo_/html/setings.html'),
    );
    expect(await packError(copy)).toMatch(
      /customizations\.xml:\d+: \$webresource: link "ringo_\/html\/setings\.html" is not a web resource in this package/,
    );
  });

  it('validates the site map against SiteMapType.xsd (a five-digit LCID is refused)', async () => {
    await copy.edit('customizations.xml', (t) =>
      t.replace('<Title LCID="1049" Title="Настройки" />', '<Title LCID="10490" Title="Настройки" />'),
    );
    expect(await packError(copy)).toMatch(/Element 'Title', attribute 'LCID'.*10490/);
  });

  it('checks the app against the schema past the elements only exports write (statecode, NavigationType …)', async () => {
    await copy.edit('customizations.xml', (t) =>
      t.replace('<FormFactor>1</FormFactor>', '<FormFactor>phone</FormFactor>'),
    );
    expect(await packError(copy)).toMatch(/Element 'FormFactor': 'phone' is not a valid value/);
  });

  it('lists the export-only app and site map elements as false alarms with their reason, in one validation run', async () => {
    const packed = await pack(copy);
    const stripped = packed.falseAlarms.filter((a) => a.message.includes('stripped before validation'));
    expect(stripped.map((a) => a.message.slice(0, a.message.indexOf(':')))).toEqual([
      "Element 'OptimizedFor'",
      "Element 'statecode'",
      "Element 'statuscode'",
      "Element 'NavigationType'",
      "Element 'EnableCollapsibleGroups'",
      "Element 'ShowHome'",
      "Element 'ShowPinned'",
      "Element 'ShowRecents'",
    ]);
  });

  it('refuses an app that lists a view the package does not have', async () => {
    await copy.edit('customizations.xml', (t) =>
      t.replace(
        '<AppModuleComponent type="26" id="{940dc0df-7375-5200-8785-62e906ea8476}" />',
        '<AppModuleComponent type="26" id="{11111111-2222-4333-8444-555555555555}" />',
      ),
    );
    expect(await packError(copy)).toContain(
      'app "ringo_Ringostat" lists view {11111111-2222-4333-8444-555555555555}, which is not in the package',
    );
  });

  it('refuses a site map entry for a table the app does not list', async () => {
    await copy.edit('customizations.xml', (t) =>
      t.replace('<AppModuleComponent type="1" schemaName="contact" />\n', ''),
    );
    expect(await packError(copy)).toContain(
      'site map "ringo_Ringostat" opens table "contact", which app "ringo_Ringostat" does not list',
    );
  });
});
