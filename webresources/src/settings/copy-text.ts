/**
 * Copies text to the clipboard. navigator.clipboard needs a secure context and, inside the CRM's
 * iframe, the clipboard-write permission; when it is missing or refused, fall back to a hidden
 * textarea + execCommand('copy'), which still works in a user gesture.
 */
export async function copyText(win: Window, text: string): Promise<boolean> {
  try {
    if (win.navigator.clipboard && win.isSecureContext) {
      await win.navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the legacy path
  }
  const doc = win.document;
  const area = doc.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  doc.body.appendChild(area);
  area.select();
  try {
    return doc.execCommand('copy');
  } catch {
    return false;
  } finally {
    area.remove();
  }
}
