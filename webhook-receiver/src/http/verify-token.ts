import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * Ringostat Webhooks 2.0 can add static parameters only to the URL and documents no headers or signing
 * (HC 6559993), so the secret is `?token=`. Both sides are hashed first: timingSafeEqual needs equal
 * lengths, and comparing digests leaks neither the token's content nor its length. Every accepted token
 * is compared (no early exit), so the previous token during a rotation costs the same time as the current.
 */
export function createTokenCheck(
  accepted: ReadonlyArray<string | undefined>,
): (given: string | undefined) => boolean {
  const digests = accepted.filter((t): t is string => t !== undefined && t !== '').map(sha256);
  return (given) => {
    if (given === undefined) return false;
    const digest = sha256(given);
    let ok = false;
    for (const expected of digests) ok = timingSafeEqual(digest, expected) || ok;
    return ok;
  };
}

export function verifyToken(given: string | undefined, accepted: ReadonlyArray<string | undefined>): boolean {
  return createTokenCheck(accepted)(given);
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
}
