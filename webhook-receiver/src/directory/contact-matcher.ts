import type { Registry } from 'prom-client';
import type { ContactCandidate, ContactDirectory } from '../domain/contact-directory';
import { ambiguousMatchCounter } from './directory-metrics';
import type { DirectoryLogger, DirectoryLookup, DirectoryStatus } from './phone-directory';
import { rankCandidates } from './rank-candidates';

/**
 * The one ContactDirectory the worker uses: the local phone directory when it can answer, the query-based
 * lookup (Dataverse $filter on the phone columns) when it cannot — change tracking off, first sync not
 * finished, or the refresh before a "not found" failed. Candidates come back in the order of the ambiguity
 * rule (DESIGN.md §5); a shared number is counted and logged so an admin can merge the duplicates.
 */
export interface MatcherDirectory {
  lookup(e164: string): Promise<DirectoryLookup>;
  remember(contact: ContactCandidate & { phones: string[] }): void;
  status(): DirectoryStatus;
}

export interface ContactMatcherOptions {
  directory: MatcherDirectory;
  fallback: ContactDirectory;
  logger: Pick<DirectoryLogger, 'warn'>;
  metrics?: Registry;
}

/** For /readyz and the startup log: which lookup is on, and the directory's own status. */
export interface MatcherStatus {
  lookup: 'directory' | 'query-fallback';
  directory: DirectoryStatus;
}

export function createContactMatcher(options: ContactMatcherOptions) {
  const { directory, fallback, logger } = options;
  const ambiguous = ambiguousMatchCounter(options.metrics);

  return {
    async findByPhone(e164: string): Promise<ContactCandidate[]> {
      const answer = await directory.lookup(e164);
      const source = answer.status === 'unavailable' ? 'query' : 'directory';
      const candidates = rankCandidates(
        answer.status === 'unavailable' ? await fallback.findByPhone(e164) : answer.candidates,
      );
      const [chosen] = candidates;
      if (chosen && candidates.length > 1) {
        ambiguous.inc(source);
        logger.warn(
          {
            phone: e164,
            chosen: chosen.contactid,
            candidates: candidates.map((c) => c.contactid),
            source,
          },
          'several contacts share this phone number: using the active, most recently modified one; merge the duplicates in the CRM (GET /admin/ambiguous-numbers lists them)',
        );
      }
      return candidates;
    },
    remember(contact: ContactCandidate & { phones: string[] }): void {
      directory.remember(contact);
      fallback.remember(contact);
    },
    status(): MatcherStatus {
      const status = directory.status();
      return { lookup: status.mode, directory: status };
    },
  } satisfies ContactDirectory & Record<string, unknown>;
}

export type ContactMatcher = ReturnType<typeof createContactMatcher>;
