import type { EmulatorState } from '../emulator-state';
import { json } from './json-response';

/**
 * GET /recordings/<file> — what app.ringostat.com serves by link: recordings and the `.vtt` transcript of
 * the "Call processed by AI" event. The link's `?token=` is the only credential (notes/ringostat.md §2.5),
 * so a file seeded with a token answers 403 without it. No Auth-key is involved.
 */
export function file(url: URL, state: EmulatorState): Response {
  const stored = state.files.get(url.pathname);
  if (!stored) return json(404, { error: 'not_found', message: `no file ${url.pathname}` });
  if (stored.token !== undefined && url.searchParams.get('token') !== stored.token) {
    return json(403, { error: 'forbidden', message: 'the link token is missing or wrong' });
  }
  return new Response(stored.body, { status: 200, headers: { 'content-type': stored.contentType } });
}
