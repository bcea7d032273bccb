import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import { packSolution, SolutionValidationError, stableGuid } from '../../../scripts/solution';
import { copySolution, REPO, type SolutionCopy } from './solution-copy';

// Schema validation runs libxml2 in a worker; on a busy shared machine it can take seconds. No test here
// asserts on speed — this only keeps jest's default 5 s cap from failing a slow run.
jest.setTimeout(60_000);

const FORM_ID = '{f72ca220-d47c-5bcd-8e28-3c7d32882da5}';
const FORM_ROOT = `<RootComponent type="60" id="${FORM_ID}" behavior="0" />`;

async function addForm(copy: SolutionCopy, change: (form: string) => string = (f) => f): Promise<void> {
  const form = change(
    await readFile(join(REPO, 'tests', 'fixtures', 'solution-forms', 'phonecall-main-form.xml'), 'utf8'),
  );
  await copy.edit('customizations.xml', (t) => {
    const phoneCall = t.indexOf('<Name LocalizedName="Phone Call"');
    const end = t.indexOf('</Entity>', phoneCall);
    const existing = t.indexOf('<FormXml>', phoneCall);
    if (existing >= 0 && existing < end) {
      // the phone-call entity already has forms: add ours as another <forms> block inside its <FormXml>
      const inner = form
        .trim()
        .replace(/^<FormXml>/, '')
        .replace(/<\/FormXml>$/, '');
      const at = existing + '<FormXml>'.length;
      return `${t.slice(0, at)}${inner}${t.slice(at)}`;
    }
    const at = t.indexOf('</EntityInfo>', phoneCall) + '</EntityInfo>'.length;
    return `${t.slice(0, at)}\n      ${form.trim()}${t.slice(at)}`;
  });
}

async function addWebResources(copy: SolutionCopy): Promise<void> {
  await copy.write('webresources-dist/ringo_/html/player.html', '<!doctype html>');
  await copy.write('webresources-dist/ringo_/js/phonecall_form.js', 'var Ringo = {};');
}

async function packError(copy: SolutionCopy): Promise<string> {
  const packing = packSolution({
    managed: false,
    sourceDir: copy.sourceDir,
    webresourcesDir: copy.webresourcesDir,
  });
  const error = await packing.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof SolutionValidationError))
    throw new Error(`expected a validation error, got ${String(error)}`);
  return error.message;
}

describe('forms inside customizations.xml', () => {
  let copy: SolutionCopy;
  beforeEach(async () => {
    copy = await copySolution();
  });
  afterEach(() => copy.remove());

  it('packs a phone-call form whose library and web resource control exist in the package', async () => {
    await addForm(copy);
    await addWebResources(copy);
    await copy.edit('solution.xml', (t) =>
      t.replace('</RootComponents>', `  ${FORM_ROOT}\n    </RootComponents>`),
    );
    const packed = await packSolution({
      managed: false,
      sourceDir: copy.sourceDir,
      webresourcesDir: copy.webresourcesDir,
    });
    expect(packed.webResources).toEqual(
      expect.arrayContaining(['ringo_/html/player.html', 'ringo_/js/phonecall_form.js']),
    );
  });

  it('packs placeholders for the web resources a form names only when asked to (metadata-only packages)', async () => {
    await addForm(copy);
    await copy.edit('solution.xml', (t) => t.replace('</RootComponents>', `${FORM_ROOT}</RootComponents>`));
    const noBuild = join(copy.root, 'no-build');
    await expect(
      packSolution({ managed: false, sourceDir: copy.sourceDir, webresourcesDir: noBuild }),
    ).rejects.toThrow(/form library "ringo_\/js\/phonecall_form\.js" is not a web resource in this package/);
    const packed = await packSolution({
      managed: false,
      sourceDir: copy.sourceDir,
      webresourcesDir: noBuild,
      placeholderWebResources: true,
    });
    expect(packed.placeholders).toEqual(
      expect.arrayContaining(['ringo_/html/player.html', 'ringo_/js/phonecall_form.js']),
    );
    const entry = `WebResources/ringo_jsphonecall_formjs${stableGuid('ringo_/js/phonecall_form.js').toUpperCase()}`;
    expect(strFromU8(unzipSync(packed.zip)[entry] ?? new Uint8Array())).toMatch(
      /^\/\* placeholder for ringo_\/js\/phonecall_form\.js/,
    );
  });

  it('ignores web resource names inside XML comments', async () => {
    await copy.edit('customizations.xml', (t) =>
      t.replace(
        '<WebResources />',
        '<WebResources /><!-- <Library name="ringo_/js/old.js" libraryUniqueId="{x}" /> -->',
      ),
    );
    await expect(
      packSolution({ managed: false, sourceDir: copy.sourceDir, webresourcesDir: copy.webresourcesDir }),
    ).resolves.toMatchObject({ fileName: 'RingostatIntegration_1_0_0_0.zip' });
  });

  it('asks for the form root component of a shell table', async () => {
    await addForm(copy);
    await addWebResources(copy);
    expect(await packError(copy)).toContain(`form ${FORM_ID} of shell table "phonecall" needs ${FORM_ROOT}`);
  });

  it('refuses a form that names a web resource the package does not contain', async () => {
    await addForm(copy, (f) => f.replace(/phonecall_form\.js/g, 'phonecall_typo.js'));
    await addWebResources(copy);
    await copy.edit('solution.xml', (t) => t.replace('</RootComponents>', `${FORM_ROOT}</RootComponents>`));
    expect(await packError(copy)).toMatch(
      /customizations\.xml:\d+: form library "ringo_\/js\/phonecall_typo\.js" is not a web resource in this package/,
    );
  });

  it('refuses a web resource control whose id is not the web resource id', async () => {
    await addForm(copy, (f) =>
      f.replace(
        /<WebResourceId>[^<]+<\/WebResourceId>/,
        '<WebResourceId>{00000000-0000-4000-8000-000000000001}</WebResourceId>',
      ),
    );
    await addWebResources(copy);
    await copy.edit('solution.xml', (t) => t.replace('</RootComponents>', `${FORM_ROOT}</RootComponents>`));
    expect(await packError(copy)).toContain(
      'web resource control for "ringo_/html/player.html" has <WebResourceId>{00000000-0000-4000-8000-000000000001}',
    );
  });

  it('validates the form against FormXml.xsd', async () => {
    await addForm(copy, (f) => f.replace('<tab name="general"', '<tab name="general" expanded="maybe"'));
    await addWebResources(copy);
    await copy.edit('solution.xml', (t) => t.replace('</RootComponents>', `${FORM_ROOT}</RootComponents>`));
    expect(await packError(copy)).toMatch(
      /customizations\.xml:\d+: Schemas validity error : Element 'tab', attribute 'expanded': 'maybe' is not a valid value/,
    );
  });
});
