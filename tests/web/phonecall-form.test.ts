import { IframeControlMock, XrmMockGenerator, type ItemCollectionMock } from 'xrm-mock';
import {
  attachPlayer,
  connectPlayer,
  onLoad,
  PLAYER_CONTROL,
} from '../../webresources/src/phonecall-form/phonecall-form';

/** What the player page exposes to the form: records every hand-over. */
class FakePlayerWindow {
  readonly received: { xrm: Xrm.XrmStatic; formContext: Xrm.FormContext }[] = [];
  setClientApiContext(xrm: Xrm.XrmStatic, formContext: Xrm.FormContext): void {
    this.received.push({ xrm, formContext });
  }
}

/** The web resource control on the form; xrm-mock's own getContentWindow only throws. */
class FakeWebResourceControl extends IframeControlMock {
  constructor(private readonly contentWindow: unknown) {
    super({ name: PLAYER_CONTROL });
  }
  override getContentWindow(): Promise<Window> {
    return Promise.resolve(this.contentWindow as Window);
  }
}

/** Puts a control on the mocked form (xrm-mock types the collection as Xrm's read-only one). */
function addControl(control: IframeControlMock): void {
  const controls = XrmMockGenerator.formContext.ui.controls as ItemCollectionMock<unknown>;
  controls.push(control);
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('phone-call form script', () => {
  let xrm: Xrm.XrmStatic;
  beforeEach(() => {
    xrm = XrmMockGenerator.initialise() as unknown as Xrm.XrmStatic;
  });

  it('hands Xrm and the form context to the player page', async () => {
    const page = new FakePlayerWindow();
    addControl(new FakeWebResourceControl(page));
    const formContext = XrmMockGenerator.getFormContext();

    await expect(connectPlayer(formContext, xrm)).resolves.toBe('connected');

    expect(page.received).toHaveLength(1);
    expect(page.received[0]?.xrm).toBe(xrm);
    expect(page.received[0]?.formContext).toBe(formContext);
  });

  it('does nothing on a form that has no player control', async () => {
    await expect(connectPlayer(XrmMockGenerator.getFormContext(), xrm)).resolves.toBe('no-player-on-form');
  });

  it('reports a player page whose script has not defined setClientApiContext yet', async () => {
    addControl(new FakeWebResourceControl({}));
    await expect(connectPlayer(XrmMockGenerator.getFormContext(), xrm)).resolves.toBe('player-not-ready');
  });

  it('onLoad connects the player through the global Xrm from the execution context', async () => {
    const page = new FakePlayerWindow();
    addControl(new FakeWebResourceControl(page));

    onLoad(XrmMockGenerator.getEventContext());
    await settle();

    expect(page.received).toHaveLength(1);
    expect(page.received[0]?.formContext).toBe(XrmMockGenerator.getFormContext());
  });

  it('reconnects on every tab state change, and a second onLoad adds no second handler', async () => {
    const page = new FakePlayerWindow();
    addControl(new FakeWebResourceControl(page));
    const tab = XrmMockGenerator.Tab.createTab('general', 'General', true, 'expanded');
    const formContext = XrmMockGenerator.getFormContext();
    const log: string[] = [];

    attachPlayer(formContext, xrm, (message) => log.push(message));
    attachPlayer(formContext, xrm, (message) => log.push(message));
    await settle();
    expect(tab.tabStateChangeHandlers).toHaveLength(1);
    expect(page.received).toHaveLength(2);

    for (const handler of tab.tabStateChangeHandlers) (handler as () => void)();
    await settle();
    expect(page.received).toHaveLength(3);
    expect(log).toEqual([]);
  });

  it('logs, without throwing, when the content window cannot be reached', async () => {
    class FailingControl extends IframeControlMock {
      constructor() {
        super({ name: PLAYER_CONTROL });
      }
      override getContentWindow(): Promise<Window> {
        return Promise.reject(new Error('control destroyed'));
      }
    }
    addControl(new FailingControl());
    const log: string[] = [];

    attachPlayer(XrmMockGenerator.getFormContext(), xrm, (message) => log.push(message));
    await settle();

    expect(log).toEqual(['Ringostat player could not be connected: Error: control destroyed']);
  });
});
