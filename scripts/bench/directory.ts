import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { startEmulatorServer } from '../../emulators/dataverse/src';
import type { Clock } from '../../webhook-receiver/src/clock';
import type { ContactFeed, PageHandler } from '../../webhook-receiver/src/directory/contact-feed';
import { createContactMatcher } from '../../webhook-receiver/src/directory/contact-matcher';
import { createPhoneDirectory } from '../../webhook-receiver/src/directory/phone-directory';
import { createWebApiContactFeed } from '../../webhook-receiver/src/directory/web-api-contact-feed';
import { machineLine, writeSection } from './report';

/**
 * `npm run bench -- directory`: the phone directory against the Dataverse emulator's HTTP server.
 * Full-sync time for 100,000 contacts (pages of 5,000 with change tracking), lookups per second for known
 * numbers (answered from SQLite, no request), and the cost of an unknown number (one delta read).
 */
const CONTACTS = Number(process.env.BENCH_DIRECTORY_CONTACTS ?? 100_000);
const LOOKUPS = 200_000;
const MISSES = 50;

/** Phone columns written the way people write them; the number is 050 + a 7-digit serial. */
const FORMATS: Array<(n: string) => string> = [
  (n) => `+380 (50) ${n.slice(0, 3)}-${n.slice(3, 5)}-${n.slice(5)}`,
  (n) => `050 ${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5)}`,
  (n) => `8 050 ${n}`,
  (n) => `38050${n}`,
  (n) => `tel:+38050${n}`,
  (n) => `050${n} ext. 12`,
];

/** Time spent in the directory's own page handling (normalising + SQLite), apart from the HTTP reads. */
let handlingMs = 0;
function timed(feed: ContactFeed): ContactFeed {
  const wrap =
    (onPage: PageHandler): PageHandler =>
    async (page) => {
      const start = performance.now();
      await onPage(page);
      handlingMs += performance.now() - start;
    };
  return {
    fullSync: (onPage) => feed.fullSync(wrap(onPage)),
    delta: (link, onPage) => feed.delta(link, wrap(onPage)),
  };
}

export async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'bench-directory-'));
  const server = await startEmulatorServer({ port: 0, host: '127.0.0.1' });
  const ticking: Clock = { now: () => new Date() };
  const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };
  const directory = createPhoneDirectory({
    file: join(dir, 'phone-directory.sqlite'),
    feed: timed(createWebApiContactFeed({ url: server.url, getToken: async () => 'bench', pageSize: 5000 })),
    defaultCountry: 'UA',
    clock: ticking,
    logger: quiet,
    onDemandMinIntervalMs: 0,
  });
  try {
    const seedStart = performance.now();
    for (let i = 0; i < CONTACTS; i++) {
      const serial = String(1_000_000 + i);
      const format = FORMATS[i % FORMATS.length] ?? String;
      server.emulator.insert('contact', {
        lastname: `Bench ${i}`,
        mobilephone: format(serial),
        ...(i % 4 === 0 ? { telephone1: `+48 22 ${String(1_000_000 + i)}` } : {}),
      });
    }
    const seedSeconds = (performance.now() - seedStart) / 1000;
    console.log(`seeded ${CONTACTS} contacts in ${seedSeconds.toFixed(1)} s`);

    server.emulator.resetRequestLog();
    handlingMs = 0;
    const syncStart = performance.now();
    const status = await directory.start();
    const syncSeconds = (performance.now() - syncStart) / 1000;
    const syncRequests = server.emulator.requests().length;
    const handlingSeconds = handlingMs / 1000;
    if (status.mode !== 'directory' || status.contacts !== CONTACTS)
      throw new Error(`full sync did not complete: ${JSON.stringify(status)}`);
    console.log(`full sync: ${syncSeconds.toFixed(1)} s, ${syncRequests} requests`);

    const matcher = createContactMatcher({
      directory,
      fallback: {
        findByPhone: () =>
          Promise.reject(new Error(`the directory could not answer: ${directory.status().lastError}`)),
        remember: () => undefined,
      },
      logger: quiet,
    });
    const known = (i: number) => `+38050${1_000_000 + ((i * 7919) % CONTACTS)}`;
    server.emulator.resetRequestLog();
    const lookupStart = performance.now();
    for (let i = 0; i < LOOKUPS; i++) {
      const found = await matcher.findByPhone(known(i));
      if (found.length !== 1) throw new Error(`lookup ${known(i)} found ${found.length} contacts`);
    }
    const lookupSeconds = (performance.now() - lookupStart) / 1000;
    const lookupRequests = server.emulator.requests().length;

    const missStart = performance.now();
    for (let i = 0; i < MISSES; i++) await matcher.findByPhone(`+38067${2_000_000 + i}`);
    const missMs = (performance.now() - missStart) / MISSES;
    const missRequests = server.emulator.requests().length - lookupRequests;

    const perSecond = Math.round(LOOKUPS / lookupSeconds);
    const fileMb = statSync(join(dir, 'phone-directory.sqlite')).size / 2 ** 20;
    writeSection(
      'directory',
      `## Phone directory (contact matching)

${machineLine()}

Against the Dataverse emulator's HTTP server on 127.0.0.1 (real fetch, JSON, change tracking), SQLite file in a temp dir.

| Measure | Result |
|---|---|
| Full sync of ${CONTACTS.toLocaleString('en')} contacts (pages of 5,000, \`Prefer: odata.track-changes\`) | **${syncSeconds.toFixed(1)} s**, ${syncRequests} requests, ${status.numbers.toLocaleString('en')} numbers, ${fileMb.toFixed(1)} MiB on disk |
| … of which the directory's own work (normalising the numbers, writing SQLite) | ${handlingSeconds.toFixed(1)} s; the rest is the emulator building and sending the pages |
| Lookups of known numbers through the matcher (${LOOKUPS.toLocaleString('en')}) | **${perSecond.toLocaleString('en')} lookups/s**, ${lookupRequests} Dataverse requests |
| Unknown number (one on-demand delta read, then "not found") | ${missMs.toFixed(1)} ms each, ${missRequests} requests for ${MISSES} numbers |

A known caller costs no Dataverse request; an unknown one costs one delta read (shared by callers waiting at the same time, at most one per second).`,
    );
  } finally {
    await directory.stop();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  run().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
