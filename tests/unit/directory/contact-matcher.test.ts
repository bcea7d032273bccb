import { Registry } from 'prom-client';
import type {
  ContactCandidate,
  ContactDirectory,
} from '../../../webhook-receiver/src/domain/contact-directory';
import {
  createContactMatcher,
  type MatcherDirectory,
} from '../../../webhook-receiver/src/directory/contact-matcher';
import type {
  DirectoryLookup,
  DirectoryStatus,
} from '../../../webhook-receiver/src/directory/phone-directory';
import { recordingLogger } from './fakes';

const candidate = (contactid: string, statecode: number, modifiedon: string): ContactCandidate => ({
  contactid,
  statecode,
  modifiedon,
});

/** A directory whose answer the test sets. */
function scriptedDirectory(answer: DirectoryLookup, mode: DirectoryStatus['mode'] = 'directory') {
  const remembered: string[] = [];
  const directory: MatcherDirectory = {
    lookup: async () => answer,
    remember: (c) => void remembered.push(c.contactid),
    status: () => ({
      mode,
      lastSyncAt: null,
      lastFullSyncAt: null,
      contacts: 0,
      numbers: 0,
      ambiguousNumbers: 0,
    }),
  };
  return { directory, remembered };
}

/** The query-based lookup, recording what it was asked. */
function queryLookup(result: ContactCandidate[]) {
  const asked: string[] = [];
  const remembered: string[] = [];
  const fallback: ContactDirectory = {
    findByPhone: async (e164) => {
      asked.push(e164);
      return result;
    },
    remember: (c) => void remembered.push(c.contactid),
  };
  return { fallback, asked, remembered };
}

describe('contact matcher', () => {
  test('answers from the directory without asking Dataverse when the directory can answer', async () => {
    const { directory } = scriptedDirectory({ status: 'not-found', candidates: [] });
    const query = queryLookup([candidate('q', 0, '2026-01-01T00:00:00Z')]);
    const matcher = createContactMatcher({ directory, fallback: query.fallback, logger: recordingLogger() });

    expect(await matcher.findByPhone('+380501234567')).toEqual([]);
    expect(query.asked).toEqual([]);
  });

  test('asks the query lookup when the directory is unavailable', async () => {
    const { directory } = scriptedDirectory(
      { status: 'unavailable', reason: 'change-tracking-unavailable' },
      'query-fallback',
    );
    const query = queryLookup([candidate('q', 0, '2026-01-01T00:00:00Z')]);
    const matcher = createContactMatcher({ directory, fallback: query.fallback, logger: recordingLogger() });

    expect((await matcher.findByPhone('+380501234567')).map((c) => c.contactid)).toEqual(['q']);
    expect(query.asked).toEqual(['+380501234567']);
    expect(matcher.status().lookup).toBe('query-fallback');
  });

  test('a shared number comes back active-first, newest-first, and is counted and logged', async () => {
    const registry = new Registry();
    const logger = recordingLogger();
    const { directory } = scriptedDirectory({
      status: 'found',
      candidates: [
        candidate('inactive-newest', 1, '2026-03-01T00:00:00Z'),
        candidate('active-old', 0, '2025-01-01T00:00:00Z'),
        candidate('active-new', 0, '2026-02-01T00:00:00Z'),
      ],
    });
    const matcher = createContactMatcher({
      directory,
      fallback: queryLookup([]).fallback,
      logger,
      metrics: registry,
    });

    const found = await matcher.findByPhone('+380501234567');

    expect(found.map((c) => c.contactid)).toEqual(['active-new', 'active-old', 'inactive-newest']);
    expect(await registry.metrics()).toContain(
      'ringostat_ambiguous_contact_matches_total{source="directory"} 1',
    );
    expect(logger.lines).toEqual([
      expect.objectContaining({
        level: 'warn',
        obj: expect.objectContaining({ phone: '+380501234567', chosen: 'active-new' }),
      }),
    ]);
  });

  test('a number with one contact is neither counted nor logged', async () => {
    const registry = new Registry();
    const logger = recordingLogger();
    const { directory } = scriptedDirectory({
      status: 'found',
      candidates: [candidate('a', 0, '2026-01-01T00:00:00Z')],
    });
    const matcher = createContactMatcher({
      directory,
      fallback: queryLookup([]).fallback,
      logger,
      metrics: registry,
    });

    await matcher.findByPhone('+380501234567');

    expect(await registry.metrics()).not.toMatch(/ringostat_ambiguous_contact_matches_total\{/);
    expect(logger.lines).toEqual([]);
  });

  test('a contact the receiver created is remembered by both lookups', () => {
    const scripted = scriptedDirectory({ status: 'not-found', candidates: [] });
    const query = queryLookup([]);
    const matcher = createContactMatcher({
      directory: scripted.directory,
      fallback: query.fallback,
      logger: recordingLogger(),
    });

    matcher.remember({ ...candidate('new', 0, '2026-01-01T00:00:00Z'), phones: ['+380501234567'] });

    expect(scripted.remembered).toEqual(['new']);
    expect(query.remembered).toEqual(['new']);
  });
});
