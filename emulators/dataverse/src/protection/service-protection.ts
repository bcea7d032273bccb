import { DataverseFault } from '../errors';

/**
 * Service protection API limits (Learn: api-limits.md): concurrent requests (52 → 0x80072326) and the
 * number of requests in a sliding window (6000/300 s → 0x80072322) answer 429 with Retry-After in seconds.
 */
export interface ProtectionSettings {
  maxConcurrency: number;
  requestWindow?: { limit: number; windowMs: number };
}

export interface ServiceProtection {
  /** Admits a request or throws a 429 fault; call the returned release() when the request ends. */
  admit(nowMs: number): () => void;
}

export function createServiceProtection(settings: () => ProtectionSettings): ServiceProtection {
  let active = 0;
  const arrivals: number[] = [];
  return {
    admit(nowMs) {
      const { maxConcurrency, requestWindow } = settings();
      if (active >= maxConcurrency)
        throw tooMany(
          '0x80072326',
          `Number of concurrent requests exceeded the limit of ${maxConcurrency}.`,
          1,
        );
      if (requestWindow) {
        while (arrivals.length && (arrivals[0] ?? 0) <= nowMs - requestWindow.windowMs) arrivals.shift();
        if (arrivals.length >= requestWindow.limit) {
          const waitMs = (arrivals[0] ?? nowMs) + requestWindow.windowMs - nowMs;
          throw tooMany(
            '0x80072322',
            `Number of requests exceeded the limit of ${requestWindow.limit} over time window of ${Math.round(requestWindow.windowMs / 1000)} seconds.`,
            Math.max(1, Math.ceil(waitMs / 1000)),
          );
        }
        arrivals.push(nowMs);
      }
      active++;
      let released = false;
      return () => {
        if (!released) active--;
        released = true;
      };
    },
  };
}

function tooMany(code: string, message: string, retryAfterSeconds: number): DataverseFault {
  return new DataverseFault(429, code, message, { 'Retry-After': String(retryAfterSeconds) });
}

/** mulberry32: a tiny seeded PRNG so fault injection is reproducible. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
