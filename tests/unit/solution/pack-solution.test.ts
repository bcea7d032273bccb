import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { unzipSync, strFromU8 } from 'fflate';
import { packSolution, stableGuid } from '../../../scripts/solution';
import { copySolution, REPO, type SolutionCopy } from './solution-copy';

// Schema validation runs libxml2 in a worker; on a busy shared machine it can take seconds. No test here
// asserts on speed — this only keeps jest's default 5 s cap from failing a slow run.
jest.setTimeout(60_000);

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

const SOURCE_ENTRIES = [
  '[Content_Types].xml',
  'customapis/ringo_OnCallLogged/customapi.xml',
  'customapis/ringo_OnCallLogged/customapirequestparameters/Answered/customapirequestparameter.xml',
  'customapis/ringo_OnCallLogged/customapirequestparameters/CallId/customapirequestparameter.xml',
  'customapis/ringo_OnCallLogged/customapirequestparameters/ContactId/customapirequestparameter.xml',
  'customapis/ringo_OnCallLogged/customapirequestparameters/Direction/customapirequestparameter.xml',
  'customapis/ringo_OnCallLogged/customapirequestparameters/PhoneCallId/customapirequestparameter.xml',
  'customizations.xml',
  'environmentvariabledefinitions/ringo_CallbackDueHours/environmentvariabledefinition.xml',
  'environmentvariabledefinitions/ringo_DefaultCountry/environmentvariabledefinition.xml',
  'environmentvariabledefinitions/ringo_DefaultOwnerId/environmentvariabledefinition.xml',
  'environmentvariabledefinitions/ringo_ForwardingAmbiguous/environmentvariabledefinition.xml',
  'environmentvariabledefinitions/ringo_ForwardingEnabled/environmentvariabledefinition.xml',
  'environmentvariabledefinitions/ringo_ForwardingExtensions/environmentvariabledefinition.xml',
  'environmentvariabledefinitions/ringo_ForwardingHours/environmentvariabledefinition.xml',
  'environmentvariabledefinitions/ringo_Language/environmentvariabledefinition.xml',
  'environmentvariabledefinitions/ringo_MissedCallMode/environmentvariabledefinition.xml',
  'environmentvariabledefinitions/ringo_ReceiverUrl/environmentvariabledefinition.xml',
  'environmentvariabledefinitions/ringo_RecordingHosts/environmentvariabledefinition.xml',
  'solution.xml',
];

describe('packSolution', () => {
  let copy: SolutionCopy;
  beforeAll(async () => {
    copy = await copySolution();
  });
  afterAll(() => copy.remove());

  it('packs exactly the solution files plus the web resources its forms name, sorted, with no directory entries', async () => {
    const packed = await packSolution({
      managed: false,
      sourceDir: copy.sourceDir,
      webresourcesDir: copy.webresourcesDir,
    });
    const webResourceEntries = packed.entries.filter((e) => e.startsWith('WebResources/'));
    expect(packed.entries.filter((e) => !e.startsWith('WebResources/'))).toEqual(SOURCE_ENTRIES);
    expect(webResourceEntries).toHaveLength(packed.webResources.length); // only the stubs copySolution made
    expect(Object.keys(unzipSync(packed.zip))).toEqual(packed.entries);
    expect([...packed.entries].sort()).toEqual(packed.entries);
    expect(packed.fileName).toBe('RingostatIntegration_1_0_0_0.zip');
    for (const alarm of packed.falseAlarms) expect(alarm.reason).not.toBe('');
  });

  it('gives byte-identical zips for two packs of the same source', async () => {
    const a = await packSolution({
      managed: false,
      sourceDir: copy.sourceDir,
      webresourcesDir: copy.webresourcesDir,
    });
    const b = await packSolution({
      managed: false,
      sourceDir: copy.sourceDir,
      webresourcesDir: copy.webresourcesDir,
    });
    expect(Buffer.from(a.zip).equals(Buffer.from(b.zip))).toBe(true);
  });

  it('gives the same bytes in another time zone (child process with TZ=Pacific/Chatham)', async () => {
    const here = await packSolution({
      managed: true,
      sourceDir: copy.sourceDir,
      webresourcesDir: copy.webresourcesDir,
    });
    const script = join(REPO, 'tests', 'fixtures', 'solution-pack', 'print-pack-hash.ts');
    const out = execFileSync(
      process.execPath,
      [join(REPO, 'node_modules', 'tsx', 'dist', 'cli.mjs'), script, copy.sourceDir, copy.webresourcesDir],
      {
        env: { ...process.env, TZ: 'Pacific/Chatham' },
        encoding: 'utf8',
      },
    );
    const [tz, hash] = out.trim().split(' ');
    expect(tz).not.toBe('0'); // the child really ran with a non-UTC offset
    expect(hash).toBe(sha256(here.zip));
  });

  it('takes the version from pac.config.json unless one is given, and marks the managed package', async () => {
    const managed = await packSolution({
      managed: true,
      version: '1.2.3.4',
      sourceDir: copy.sourceDir,
      webresourcesDir: copy.webresourcesDir,
    });
    const manifest = strFromU8(unzipSync(managed.zip)['solution.xml'] ?? new Uint8Array());
    expect(manifest).toContain('<Version>1.2.3.4</Version>');
    expect(manifest).toContain('<Managed>1</Managed>');
    expect(managed.fileName).toBe('RingostatIntegration_1_2_3_4_managed.zip');
  });

  it('registers every built web resource with a name-derived id, a root component and a content-type override', async () => {
    await copy.write('webresources-dist/ringo_/html/player.html', '<!doctype html><title>player</title>');
    await copy.write('webresources-dist/ringo_/js/phonecall_form.js', 'export {};');
    await copy.write('webresources-dist/ringo_/js/phonecall_form.js.map', '{}');
    try {
      const packed = await packSolution({
        managed: false,
        sourceDir: copy.sourceDir,
        webresourcesDir: copy.webresourcesDir,
      });
      const id = stableGuid('ringo_/html/player.html');
      const htmlEntry = `WebResources/ringo_htmlplayerhtml${id.toUpperCase()}`;
      expect(packed.webResources).toEqual(
        expect.arrayContaining(['ringo_/html/player.html', 'ringo_/js/phonecall_form.js']),
      );
      expect(packed.webResources).not.toContain('ringo_/js/phonecall_form.js.map');
      expect(packed.entries).toContain(htmlEntry);
      expect(packed.entries.filter((e) => e.startsWith('WebResources/'))).toHaveLength(
        packed.webResources.length,
      );
      const files = unzipSync(packed.zip);
      const text = (name: string): string => strFromU8(files[name] ?? new Uint8Array());
      expect(text(htmlEntry)).toBe('<!doctype html><title>player</title>');
      expect(text('solution.xml')).toContain(
        '<RootComponent type="61" schemaName="ringo_/html/player.html" behavior="0" />',
      );
      expect(text('customizations.xml')).toContain(`<WebResourceId>{${id}}</WebResourceId>`);
      expect(text('customizations.xml')).toMatch(
        /<Name>ringo_\/js\/phonecall_form\.js<\/Name>\s*<DisplayName>phonecall_form\.js<\/DisplayName>\s*<WebResourceType>3<\/WebResourceType>/,
      );
      expect(text('[Content_Types].xml')).toContain(
        `<Override PartName="/${htmlEntry}" ContentType="application/octet-stream" />`,
      );
    } finally {
      await copy.remove();
      copy = await copySolution();
    }
  });

  it('refuses a web-resource file type Dataverse has no web resource type for', async () => {
    await copy.write('webresources-dist/ringo_/fonts/icons.woff2', 'x');
    await expect(
      packSolution({ managed: false, sourceDir: copy.sourceDir, webresourcesDir: copy.webresourcesDir }),
    ).rejects.toThrow(/icons\.woff2: no Dataverse web resource type for "\.woff2"/);
  });
});
