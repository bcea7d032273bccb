import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Ringostat Webhooks 2.0 can add static parameters only to the URL and documents no headers or signing
 * (HC 6559993), so the secret is `?token=`. Both sides are hashed first: timingSafeEqual needs equal
 * lengths, and comparing digests leaks neither the token's content nor its length. Every accepted token
 * is compared (no early exit), so the previous token during a rotation costs the same time as the current.
 */
export function verifyToken(given: string | undefined, accepted: ReadonlyArray<string | undefined>): boolean {
  const digest = sha256(given ?? '');
  let ok = false;
  for (const token of accepted) {
    if (token === undefined || token === '') continue;
    const match = timingSafeEqual(digest, sha256(token));
    ok = ok || (match && given !== undefined);
  }
  return ok;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
