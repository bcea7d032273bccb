import { XrmMockGenerator } from 'xrm-mock';
import { CallResult } from '../../webresources/src/shared/recording-state';

type PageWindow = Window & {
  setClientApiContext(xrm: Xrm.XrmStatic, formContext: Xrm.FormContext): Promise<void>;
};

/** Builds a phone-call form with the Ringostat columns, the way the CRM would load one. */
function phoneCallForm(values: {
  recordingUrl?: string;
  callResult?: number;
  callCardUrl?: string;
  talk?: number;
  outgoing?: boolean;
  hasRecording?: number;
  endedAt?: Date;
}) {
  const xrm = XrmMockGenerator.initialise() as unknown as Xrm.XrmStatic;
  XrmMockGenerator.Attribute.createString('ringo_recordingurl', values.recordingUrl ?? '');
  XrmMockGenerator.Attribute.createString('ringo_callcardurl', values.callCardUrl ?? '');
  XrmMockGenerator.Attribute.createOptionSet('ringo_callresult', values.callResult ?? CallResult.answered, [
    { text: 'Answered', value: CallResult.answered },
    { text: 'Missed', value: CallResult.missed },
  ]);
  XrmMockGenerator.Attribute.createNumber('ringo_talkseconds', values.talk ?? 0);
  XrmMockGenerator.Attribute.createBoolean('directioncode', values.outgoing ?? false);
  if (values.hasRecording !== undefined)
    XrmMockGenerator.Attribute.createOptionSet('ringo_hasrecording', values.hasRecording, [
      { text: 'Yes', value: 107350000 },
      { text: 'No', value: 107350001 },
    ]);
  if (values.endedAt) XrmMockGenerator.Attribute.createDate('actualend', values.endedAt);
  return { xrm, formContext: XrmMockGenerator.getFormContext() };
}

const root = () => document.getElementById('ringo-player-root') as HTMLElement;
const state = () => root().querySelector('[data-state]')?.getAttribute('data-state');

describe('player page on the phone-call form', () => {
  beforeAll(async () => {
    // jsdom has no media engine; real playback is covered in Chromium (tests/e2e).
    for (const method of ['pause', 'load'] as const) {
      Object.defineProperty(HTMLMediaElement.prototype, method, {
        configurable: true,
        value: () => undefined,
      });
    }
    document.body.innerHTML = '<main id="ringo-player-root"></main>';
    await import('../../webresources/src/player/player-page');
  });

  it('waits for the form before touching Xrm', () => {
    expect(root().textContent).toBe('Waiting for the phone call form…'); // jsdom's browser language is en-US
    expect(typeof (window as unknown as PageWindow).setClientApiContext).toBe('function');
  });

  it('says a missed call has no recording, with the Ringostat call card link', async () => {
    const { xrm, formContext } = phoneCallForm({
      callResult: CallResult.missed,
      callCardUrl: 'https://app.ringostat.com/calls/1',
    });
    await (window as unknown as PageWindow).setClientApiContext(xrm, formContext);

    expect(state()).toBe('missed');
    expect(root().querySelector('a')?.getAttribute('href')).toBe('https://app.ringostat.com/calls/1');
  });

  it('says an answered call without a link is not ready yet', async () => {
    const { xrm, formContext } = phoneCallForm({ callResult: CallResult.answered });
    await (window as unknown as PageWindow).setClientApiContext(xrm, formContext);
    expect(state()).toBe('not-ready');
    expect(root().textContent).toContain('ще не готовий');
  });

  it('says an outgoing call the client did not pick up has no recording because nobody answered', async () => {
    const { xrm, formContext } = phoneCallForm({ callResult: CallResult.missed, outgoing: true });
    await (window as unknown as PageWindow).setClientApiContext(xrm, formContext);
    expect(state()).toBe('not-answered');
    expect(root().textContent).toContain('клієнт не відповів');
  });

  it('says Ringostat did not record an answered call when has_recording is "No", without offering to check again', async () => {
    const { xrm, formContext } = phoneCallForm({ hasRecording: 107350001, endedAt: new Date() });
    await (window as unknown as PageWindow).setClientApiContext(xrm, formContext);
    expect(state()).toBe('not-recorded');
    expect(root().querySelector('button')).toBeNull();
  });

  it('stops saying "not ready" an hour after the call: Ringostat did not record it', async () => {
    const { xrm, formContext } = phoneCallForm({ endedAt: new Date(Date.now() - 3 * 3_600_000) });
    await (window as unknown as PageWindow).setClientApiContext(xrm, formContext);
    expect(state()).toBe('not-recorded');
    expect(root().textContent).toContain('Ringostat не записав');
  });

  it('refuses a javascript: recording URL and never puts it into the page', async () => {
    const { xrm, formContext } = phoneCallForm({ recordingUrl: 'javascript:alert(document.cookie)' });
    await (window as unknown as PageWindow).setClientApiContext(xrm, formContext);
    expect(state()).toBe('refused');
    expect(root().querySelector('audio')).toBeNull();
    expect(root().innerHTML).not.toContain('javascript:');
  });

  it('shows the controls for an https recording and follows a changed link', async () => {
    const { xrm, formContext } = phoneCallForm({
      recordingUrl: 'https://app.ringostat.com/recordings/a.mp3',
      talk: 95,
    });
    await (window as unknown as PageWindow).setClientApiContext(xrm, formContext);
    // Nothing is fetched before play: no src, preload none; the link is on the download button.
    const audio = () => root().querySelector('audio');
    expect(audio()?.getAttribute('src')).toBeNull();
    expect(audio()?.getAttribute('preload')).toBe('none');
    const download = () => root().querySelector('a[download]')?.getAttribute('href');
    expect(download()).toBe('https://app.ringostat.com/recordings/a.mp3');
    expect(root().querySelector('.ringo-player-time')?.textContent).toBe('0:00 / 1:35');
    expect([...root().querySelectorAll('[data-speed]')].map((b) => b.textContent)).toEqual([
      '1×',
      '1.5×',
      '2×',
    ]);

    const attribute = formContext.getAttribute('ringo_recordingurl') as Xrm.Attributes.StringAttribute;
    attribute.setValue('https://app.ringostat.com/recordings/b.mp3');
    attribute.fireOnChange();
    expect(download()).toBe('https://app.ringostat.com/recordings/b.mp3');
  });

  it('refuses an https recording on a host that is not allowed, and loads nothing from it', async () => {
    const { xrm, formContext } = phoneCallForm({ recordingUrl: 'https://tracker.example/beacon.mp3' });
    await (window as unknown as PageWindow).setClientApiContext(xrm, formContext);
    expect(state()).toBe('refused');
    expect(root().querySelector('audio')).toBeNull();
    expect(root().innerHTML).not.toContain('tracker.example');
  });
});
