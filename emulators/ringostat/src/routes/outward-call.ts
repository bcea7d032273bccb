import type { EmulatorState } from '../emulator-state';
import { json } from './json-response';

/**
 * POST /callback/outward_call — simple click-to-call (HC 6312685): a form with `extension` (the number
 * or SIP to call from) and `destination`. The real response body is not documented; the emulator
 * answers `{"status":"ok"}` and records the request.
 */
export async function outwardCall(request: Request, state: EmulatorState): Promise<Response> {
  const form = new URLSearchParams(await request.text());
  const extension = form.get('extension')?.trim();
  const destination = form.get('destination')?.trim();
  const missing = [!extension && 'extension', !destination && 'destination'].filter(Boolean);
  if (!extension || !destination) {
    return json(400, { error: 'validation_failed', message: `missing form field(s): ${missing.join(', ')}` });
  }
  state.outwardCalls.push({ extension, destination });
  return json(200, { status: 'ok' });
}
