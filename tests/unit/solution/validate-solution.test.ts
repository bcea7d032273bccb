import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { packSolution } from '../../../scripts/solution';
import { validateCustomizationsXml } from '../../../scripts/solution/xsd-validation';
import { copySolution, packError, REPO, type SolutionCopy } from './solution-copy';

// Schema validation runs libxml2 in a worker; on a busy shared machine it can take seconds. No test here
// asserts on speed — this only keeps jest's default 5 s cap from failing a slow run.
jest.setTimeout(60_000);

describe('solution validation', () => {
  let copy: SolutionCopy;
  beforeEach(async () => {
    copy = await copySolution();
  });
  afterEach(() => copy.remove());

  it('passes the product solution; any schema message left is a listed false alarm with its reason', async () => {
    const packed = await packSolution({
      managed: false,
      sourceDir: copy.sourceDir,
      webresourcesDir: copy.webresourcesDir,
    });
    for (const alarm of packed.falseAlarms) expect(alarm.reason.length).toBeGreaterThan(10);
  });

  it('refuses a value the XSD rejects, naming file, line and element', async () => {
    await copy.edit('customizations.xml', (t) =>
      t.replace('<MaxLength>100</MaxLength>', '<MaxLength>a hundred</MaxLength>'),
    );
    const source = await readFile(join(copy.sourceDir, 'customizations.xml'), 'utf8');
    const line = source.split('\n').findIndex((l) => l.includes('a hundred')) + 1;
    expect(await packError(copy)).toContain(
      `customizations.xml:${line}: Schemas validity error : Element 'MaxLength': 'a hundred' is not a valid value`,
    );
  });

  it('refuses a label in a language <Languages> does not list, naming the line to add', async () => {
    await copy.edit('customizations.xml', (t) =>
      t.replace(
        '<label description="Загальне" languagecode="1058" />',
        '<label description="Загальне" languagecode="1058" /><label description="Allgemein" languagecode="1031" />',
      ),
    );
    expect(await packError(copy)).toMatch(
      /customizations\.xml:\d+: labels in language 1031 \(first in customizations\.xml\) need <Language>1031<\/Language> in <Languages>/,
    );
  });

  it('packs the product labels in English, Ukrainian and Russian, and refuses them once Russian leaves <Languages>', async () => {
    await packSolution({ managed: false, sourceDir: copy.sourceDir, webresourcesDir: copy.webresourcesDir });
    await copy.edit('customizations.xml', (t) => t.replace('<Language>1049</Language>', ''));
    expect(await packError(copy)).toMatch(
      /customizations\.xml:\d+: labels in language 1049 \(first in [^)]+\) need <Language>1049<\/Language> in <Languages>/,
    );
  });

  it('refuses a table property in a shell table such as ChangeTrackingEnabled on contact', async () => {
    await copy.edit('customizations.xml', (t) =>
      t.replace(
        '</attributes>\n        </entity>',
        '</attributes>\n          <ChangeTrackingEnabled>1</ChangeTrackingEnabled>\n        </entity>',
      ),
    );
    expect(await packError(copy)).toMatch(/<ChangeTrackingEnabled> in the shell table contact/);
  });

  it('refuses a custom column without the ringo_ prefix', async () => {
    await copy.edit('customizations.xml', (t) =>
      t.replace('<attribute PhysicalName="ringo_disposition">', '<attribute PhysicalName="new_disposition">'),
    );
    expect(await packError(copy)).toMatch(
      /customizations\.xml:\d+: column "new_disposition" on phonecall must start with "ringo_"/,
    );
  });

  it('refuses a FileName that points at a file missing from the package', async () => {
    await copy.edit('customizations.xml', (t) =>
      t.replace(
        '<WebResources />',
        '<WebResources><WebResource><WebResourceId>{11111111-2222-4333-8444-555555555555}</WebResourceId><Name>ringo_/html/gone.html</Name>' +
          '<WebResourceType>1</WebResourceType><FileName>/WebResources/ringo_htmlgonehtml</FileName></WebResource></WebResources>',
      ),
    );
    expect(await packError(copy)).toContain(
      '<FileName> points at "/WebResources/ringo_htmlgonehtml", which is not in the package',
    );
  });

  it('refuses two components with the same GUID', async () => {
    await copy.edit('customizations.xml', (t) => {
      const start = t.indexOf('<savedquery>');
      const end = t.indexOf('</savedquery>') + '</savedquery>'.length;
      return t.slice(0, end) + t.slice(start, end) + t.slice(end);
    });
    expect(await packError(copy)).toMatch(
      /customizations\.xml:\d+: GUID [0-9a-f-]{36} \(savedqueryid\) is already used on line \d+/,
    );
  });

  it("refuses Microsoft's table as a whole root component instead of a shell", async () => {
    await copy.edit('solution.xml', (t) =>
      t.replace('schemaName="contact" behavior="2"', 'schemaName="contact" behavior="0"'),
    );
    expect(await packError(copy)).toContain(
      `solution.xml: Microsoft's table "contact" must be a shell root component (behavior="2")`,
    );
  });

  it('refuses an environment variable whose default does not fit its type', async () => {
    await copy.edit(
      'environmentvariabledefinitions/ringo_CallbackDueHours/environmentvariabledefinition.xml',
      (t) => t.replace('<defaultvalue>2</defaultvalue>', '<defaultvalue>two</defaultvalue>'),
    );
    expect(await packError(copy)).toContain(
      'ringo_CallbackDueHours/environmentvariabledefinition.xml: <defaultvalue> "two" is not a number',
    );
  });

  it('refuses a custom API parameter with an unknown type and a root component that does not exist', async () => {
    await copy.edit(
      'customapis/ringo_OnCallLogged/customapirequestparameters/Answered/customapirequestparameter.xml',
      (t) => t.replace('<type>0</type>', '<type>42</type>'),
    );
    await copy.edit('solution.xml', (t) =>
      t.replace(
        '</RootComponents>',
        '<RootComponent type="380" schemaName="ringo_Nope" behavior="0" /></RootComponents>',
      ),
    );
    const message = await packError(copy);
    expect(message).toContain('Answered/customapirequestparameter.xml: <type> must be one of 0, 1, 2');
    expect(message).toContain(
      'root component environment variable "ringo_Nope" has no environmentvariabledefinitions/ringo_Nope/ folder',
    );
  });

  it('refuses XML that is not well-formed, with the line', async () => {
    await copy.edit('customapis/ringo_OnCallLogged/customapi.xml', (t) =>
      t.replace('</isfunction>', '</isfunctio>'),
    );
    expect(await packError(copy)).toMatch(/customapi\.xml:\d+: not well-formed XML/);
  });
});

describe('known false alarms of the 2018 schema', () => {
  it('accepts a real modern export: all of its 132 schema messages are listed false alarms', async () => {
    const xml = await readFile(
      join(REPO, 'tests', 'fixtures', 'solution-reference', 'alai-export-customizations.xml'),
      'utf8',
    );
    const result = await validateCustomizationsXml('customizations.xml', xml.replace(/^\uFEFF/, ''));
    expect(result.errors).toEqual([]);
    expect(result.falseAlarms).toHaveLength(132);
    expect(new Set(result.falseAlarms.map((a) => a.reason)).size).toBeGreaterThan(3);
  });

  it('still finds a real error hidden behind an allowed unknown element', async () => {
    const ours = await readFile(join(REPO, 'solution', 'customizations.xml'), 'utf8');
    const broken = ours.replace(
      '<Type>int</Type>',
      '<AutoNumberFormat></AutoNumberFormat>\n              <Type>integer-ish</Type>',
    );
    const result = await validateCustomizationsXml('customizations.xml', broken);
    expect(result.falseAlarms.map((a) => a.message)).toContain(
      "Schemas validity error : Element 'AutoNumberFormat': This element is not expected.",
    );
    expect(result.errors.map((e) => e.message).join('\n')).toContain(
      "Element 'Type': [facet 'enumeration'] The value 'integer-ish' is not an element of the set",
    );
  });
});
