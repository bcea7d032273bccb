import { startEmulatorServer } from '../../emulators/dataverse/src/index';
import { createPreviewServer, type PreviewServer } from '../../scripts/preview/preview-server';
import { createToneWav } from '../../scripts/preview/tone-wav';

/** The preview server over real HTTP (no browser): what it serves and what it sets up for the demo. */
jest.setTimeout(60_000);

let dataverse: Awaited<ReturnType<typeof startEmulatorServer>>;
let preview: PreviewServer;

beforeAll(async () => {
  dataverse = await startEmulatorServer({ port: 0, host: '127.0.0.1' });
  preview = await createPreviewServer({ dataverseUrl: dataverse.url, receiverUrl: 'http://127.0.0.1:3000/' });
});
afterAll(async () => {
  await preview?.close();
  await dataverse?.close();
});

it('serves each page with the Xrm stand-in injected before the page script', async () => {
  const response = await fetch(`${preview.url}/webresources/ringo_/html/call_log.html`);
  const html = await response.text();
  expect(response.headers.get('content-type')).toContain('text/html');
  expect(html.indexOf('/preview/xrm-shim.js')).toBeGreaterThan(0);
  expect(html.indexOf('/preview/xrm-shim.js')).toBeLessThan(html.indexOf('../js/call_log.js'));
  expect((await fetch(`${preview.url}/webresources/ringo_/js/phonecall_form.js`)).status).toBe(200);
});

it('gives the demo ringo_ReceiverUrl the receiver URL when it has none', () => {
  const values = dataverse.emulator.rows('environmentvariablevalue');
  expect(values.map((row) => [row['schemaname'], row['value']])).toEqual([
    ['ringo_ReceiverUrl', 'http://127.0.0.1:3000'],
  ]);
});

it('serves the synthesised recording with byte ranges, and an expired one as 410', async () => {
  const wav = createToneWav();
  const whole = await fetch(`${preview.url}/preview/recordings/demo-1.wav`);
  expect(whole.headers.get('content-type')).toBe('audio/wav');
  expect(Buffer.from(await whole.arrayBuffer()).equals(wav)).toBe(true);
  const part = await fetch(`${preview.url}/preview/recordings/demo-1.wav`, {
    headers: { Range: 'bytes=0-43' },
  });
  expect(part.status).toBe(206);
  expect(part.headers.get('content-range')).toBe(`bytes 0-43/${wav.length}`);
  expect(Buffer.from(await part.arrayBuffer()).toString('ascii', 0, 4)).toBe('RIFF');
  expect((await fetch(`${preview.url}/preview/recordings/expired-1.wav`)).status).toBe(410);
});

it('serves a favicon, so a browser opening the preview logs no 404', async () => {
  for (const path of ['/favicon.ico', '/favicon.svg']) {
    const response = await fetch(`${preview.url}${path}`);
    expect([path, response.status, response.headers.get('content-type')]).toEqual([
      path,
      200,
      'image/svg+xml',
    ]);
  }
  const html = await (await fetch(`${preview.url}/webresources/ringo_/html/settings.html`)).text();
  expect(html).toContain('<link rel="icon" href="/favicon.svg"');
});

it('speaks the language asked for with ?lang= on its own pages', async () => {
  const page = async (path: string) => (await fetch(`${preview.url}${path}`)).text();
  expect(await page('/?lang=en')).toContain('<html lang="en">');
  expect(await page('/?lang=ru')).toContain('Журнал звонков');
  expect(await page('/')).toContain('Журнал дзвінків'); // the preview user's CRM language: Ukrainian
  expect(await page('/preview/form/phonecall?id=x&lang=en')).toContain('<dt>Name in Ringostat</dt>');
});

it('refuses paths outside the built web resources and unknown names', async () => {
  expect((await fetch(`${preview.url}/webresources/..%2F..%2Fpackage.json`)).status).toBe(400);
  expect((await fetch(`${preview.url}/webresources/ringo_/html/nope.html`)).status).toBe(404);
});

it('says what is wrong with a dataverseUrl that is not a URL', async () => {
  await expect(createPreviewServer({ dataverseUrl: 'localhost:5555' })).rejects.toThrow(
    'createPreviewServer: dataverseUrl must be an http(s) URL, got "localhost:5555"',
  );
});

describe('the synthesised WAV', () => {
  it('is 16-bit mono PCM of the asked length', () => {
    const wav = createToneWav({ seconds: 2, sampleRate: 8000 });
    expect(wav.toString('ascii', 0, 4)).toBe('RIFF');
    expect(wav.toString('ascii', 8, 12)).toBe('WAVE');
    expect(wav.readUInt16LE(20)).toBe(1);
    expect(wav.readUInt16LE(22)).toBe(1);
    expect(wav.readUInt32LE(40)).toBe(2 * 8000 * 2);
    expect(() => createToneWav({ seconds: 0 })).toThrow(RangeError);
  });
});
