/**
 * Form script of the "Ringostat phone call" form, registered as `Ringo.PhoneCallForm.onLoad`
 * (pass execution context = true). It hands Xrm and formContext to the recording player web resource
 * the supported way — getContentWindow() then the page's setClientApiContext — and does so again on
 * every tab state change, because the form may destroy and re-create web resources during tab
 * navigation and "any initialization code should be idempotent":
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/clientapi/reference/controls/getcontentwindow
 */
export const PLAYER_CONTROL = 'WebResource_recordingplayer';

export interface PlayerWindow {
  setClientApiContext(xrm: Xrm.XrmStatic, formContext: Xrm.FormContext): unknown;
}

export type ConnectOutcome = 'connected' | 'no-player-on-form' | 'player-not-ready';

/** Inner function (Scott Durow style): all it needs comes in, so it is tested without Dynamics. */
export async function connectPlayer(
  formContext: Xrm.FormContext,
  xrm: Xrm.XrmStatic,
): Promise<ConnectOutcome> {
  const control = formContext.getControl<Xrm.Controls.IframeControl>(PLAYER_CONTROL);
  if (!control || typeof control.getContentWindow !== 'function') return 'no-player-on-form';
  const contentWindow = (await control.getContentWindow()) as Partial<PlayerWindow> | null;
  if (!contentWindow || typeof contentWindow.setClientApiContext !== 'function') return 'player-not-ready';
  await contentWindow.setClientApiContext(xrm, formContext);
  return 'connected';
}

/** One handler per form, so re-running onLoad never stacks tab handlers. */
const handlers = new WeakMap<Xrm.FormContext, () => void>();

export function attachPlayer(
  formContext: Xrm.FormContext,
  xrm: Xrm.XrmStatic,
  log: (message: string) => void,
): void {
  let handler = handlers.get(formContext);
  if (!handler) {
    const connect = (): void => {
      connectPlayer(formContext, xrm).then(
        (outcome) => {
          if (outcome === 'player-not-ready')
            log('Ringostat player: the web resource has not loaded its script yet.');
        },
        (error: unknown) => log(`Ringostat player could not be connected: ${String(error)}`),
      );
    };
    handler = connect;
    handlers.set(formContext, connect);
    formContext.ui.tabs.forEach((tab) => tab.addTabStateChange(connect));
  }
  handler();
}

/** Thin exported handler: reads formContext and the global Xrm, then calls the inner functions. */
export function onLoad(executionContext: Xrm.Events.EventContext): void {
  attachPlayer(executionContext.getFormContext(), Xrm, (message) => console.warn(message));
}
