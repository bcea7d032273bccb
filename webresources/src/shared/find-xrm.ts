/**
 * Where a stand-alone page (opened with Xrm.Navigation.navigateTo or embedded on a form) finds `Xrm`.
 * Pages on a form get it from the form script through setClientApiContext (the supported way); pages
 * opened on their own use their own window's Xrm (the preview's shim) or the hosting app's
 * `parent.Xrm`, which Microsoft documents for HTML web resources:
 * https://learn.microsoft.com/power-apps/developer/model-driven-apps/web-page-html-web-resources
 */
export function findXrm(win: Window): Xrm.XrmStatic | undefined {
  const own = (win as unknown as { Xrm?: Xrm.XrmStatic }).Xrm;
  if (own) return own;
  try {
    return (win.parent as unknown as { Xrm?: Xrm.XrmStatic } | null)?.Xrm;
  } catch {
    return undefined; // a parent on another origin: not inside the CRM
  }
}
