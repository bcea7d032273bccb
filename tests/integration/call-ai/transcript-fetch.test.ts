import { sampleTranscript } from '../../../emulators/ringostat/src/fixtures';
import { startRingostatEmulator } from '../../../emulators/ringostat/src/start-ringostat-emulator';
import {
  createTranscriptFetcher,
  isAllowedTranscriptUrl,
} from '../../../webhook-receiver/src/ringostat-api/transcript-fetch';

describe('fetching the AI transcript by link', () => {
  let server: Awaited<ReturnType<typeof startRingostatEmulator>>;
  beforeAll(async () => {
    server = await startRingostatEmulator({ authKey: 'k', projectId: 1 });
    server.emulator.seedFile('/recordings/a.vtt', {
      body: `\uFEFF${sampleTranscript()}`,
      contentType: 'text/vtt',
    });
    server.emulator.seedFile('/recordings/big.vtt', {
      body: `WEBVTT\n\n${'x'.repeat(5000)}`,
      contentType: 'text/vtt',
    });
    server.emulator.seedFile('/recordings/page.vtt', {
      body: '<html>login</html>',
      contentType: 'text/html',
    });
  });
  afterAll(() => server.close());

  const fetcher = (maxBytes?: number) =>
    createTranscriptFetcher({
      extraOrigins: [server.url],
      timeoutMs: 2000,
      ...(maxBytes ? { maxBytes } : {}),
    });

  it('only https links on Ringostat hosts are opened, plus origins named on purpose', () => {
    expect(isAllowedTranscriptUrl('https://app.ringostat.com/recordings/a.vtt?token=x')).toBe(true);
    expect(isAllowedTranscriptUrl('https://files.ringostat.net/a.vtt')).toBe(true);
    expect(isAllowedTranscriptUrl('http://app.ringostat.com/recordings/a.vtt')).toBe(false);
    expect(isAllowedTranscriptUrl('https://app.ringostat.com:8443/a.vtt')).toBe(false);
    expect(isAllowedTranscriptUrl('https://ringostat.com.evil.example/a.vtt')).toBe(false);
    expect(isAllowedTranscriptUrl('https://169.254.169.254/latest')).toBe(false);
    expect(isAllowedTranscriptUrl(`${server.url}/recordings/a.vtt`, [server.url])).toBe(true);
  });

  it('reads a WebVTT file, dropping a byte-order mark', async () => {
    expect(await fetcher()(`${server.url}/recordings/a.vtt`)).toEqual({ ok: true, text: sampleTranscript() });
  });

  it('answers why for a missing file, a file too large or one that is not WebVTT', async () => {
    expect(await fetcher()(`${server.url}/recordings/none.vtt`)).toEqual({
      ok: false,
      reason: 'the link answered HTTP 404',
    });
    expect(await fetcher(1000)(`${server.url}/recordings/big.vtt`)).toEqual({
      ok: false,
      reason: 'the file is larger than 1000 bytes',
    });
    expect(await fetcher()(`${server.url}/recordings/page.vtt`)).toEqual({
      ok: false,
      reason: 'the file is not a WebVTT transcript',
    });
  });

  it('throws a retryable error for a 5xx or no answer in time', async () => {
    server.emulator.failNext({ status: 502 }, { path: '/recordings/a.vtt' });
    await expect(fetcher()(`${server.url}/recordings/a.vtt`)).rejects.toMatchObject({
      kind: 'unavailable',
      retryable: true,
    });
    server.emulator.failNext({ delayMs: 5000 }, { path: '/recordings/a.vtt' });
    const slow = createTranscriptFetcher({ extraOrigins: [server.url], timeoutMs: 100 });
    await expect(slow(`${server.url}/recordings/a.vtt`)).rejects.toThrow(/no answer within 100 ms/);
  });
});
