import { toE164 } from '../../../webhook-receiver/src/domain/phone-number';
import { createContactMatcher } from '../../../webhook-receiver/src/directory/contact-matcher';
import { createPhoneDirectory } from '../../../webhook-receiver/src/directory/phone-directory';
import { generatePhoneCorpus } from '../../fixtures/phone-corpus/generate-phone-corpus';
import { fakeContactFeed, manualClock, recordingLogger, tempDir } from './fakes';

describe('phone corpus: 2,000 contacts written the way people write numbers, 2,000 incoming calls', () => {
  const corpus = generatePhoneCorpus();
  const tmp = tempDir();
  const fake = fakeContactFeed(500);
  const clock = manualClock();
  const directory = createPhoneDirectory({
    file: tmp.file(),
    feed: fake.feed,
    defaultCountry: 'UA',
    clock,
    logger: recordingLogger(),
    onDemandMinIntervalMs: 0,
  });
  const matcher = createContactMatcher({
    directory,
    fallback: {
      findByPhone: () => Promise.reject(new Error('the query lookup must not be needed')),
      remember: () => undefined,
    },
    logger: recordingLogger(),
  });

  beforeAll(async () => {
    fake.put(...corpus.contacts);
    await directory.start();
  });
  afterAll(async () => {
    await directory.stop();
    tmp.cleanup();
  });

  test('the corpus is what it claims: 2,000 of each, at least 15 formats, every kind of call', () => {
    expect(corpus.contacts).toHaveLength(2000);
    expect(corpus.calls).toHaveLength(2000);
    expect(corpus.formats.size).toBeGreaterThanOrEqual(15);
    for (const name of ['old leading 8', 'extension доб.', 'foreign 00 prefix', 'two numbers joined by ","'])
      expect(corpus.formats.get(name)).toBeGreaterThan(10);
    const kinds = new Set(corpus.calls.map((c) => c.kind));
    expect([...kinds].sort()).toEqual(['internal', 'known', 'near-miss', 'shared', 'unknown']);
    expect(corpus.calls.filter((c) => c.kind === 'shared').length).toBeGreaterThan(100);
  });

  test("every matchable number is matched, nothing else is, and shared numbers go to the rule's pick", async () => {
    const wrong: string[] = [];
    for (const call of corpus.calls) {
      clock.advance(1);
      const e164 = toE164(call.caller, 'UA');
      const found = e164 === undefined ? [] : await matcher.findByPhone(e164);
      const ids = found.map((c) => c.contactid);
      if (JSON.stringify([...ids].sort()) !== JSON.stringify(call.owners) || ids[0] !== call.winner)
        wrong.push(
          `${call.kind} ${call.caller}: expected ${call.owners.join(',') || 'none'} (pick ${call.winner ?? '-'}), got ${ids.join(',') || 'none'}`,
        );
    }
    expect(wrong).toEqual([]);
  });

  test('known numbers cost no Dataverse request; an unknown one costs one delta read', async () => {
    const known = corpus.calls.find((c) => c.kind === 'known')!;
    const unknown = corpus.calls.find((c) => c.kind === 'unknown')!;
    fake.requests.length = 0;
    clock.advance(1);
    await matcher.findByPhone(toE164(known.caller, 'UA')!);
    expect(fake.requests).toEqual([]);
    clock.advance(1);
    await matcher.findByPhone(toE164(unknown.caller, 'UA')!);
    expect(fake.requests).toEqual(['delta']);
  });
});
