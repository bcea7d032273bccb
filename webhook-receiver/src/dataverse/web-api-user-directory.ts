import type { Clock } from '../clock';
import type { Employee } from '../domain/call-event';
import type { UserDirectory } from '../domain/user-directory';
import { odataString } from './odata-literal';
import type { WebApiClient } from './web-api-client';

/**
 * Ringostat employee → systemuser (DESIGN.md §5): ringo_ringostatstaffid = employee_number first, else
 * internalemailaddress = employee_email. Both rules go in one query; disabled users are skipped because
 * Dataverse refuses to assign records to them. Answers, "no such user" included, are cached for `ttlMs`
 * so a busy line costs one lookup per employee per TTL, and concurrent asks share one request.
 */
export interface UserDirectoryOptions {
  client: WebApiClient;
  clock: Clock;
  ttlMs?: number;
  /**
   * Employees remembered at most; the longest-unused is forgotten first. Employee numbers and e-mails come
   * from webhooks, so without a bound a stream of made-up ones would grow memory (docs/security.md).
   */
  maxEntries?: number;
}

interface UserRow {
  systemuserid: string;
  ringo_ringostatstaffid?: string | null;
  internalemailaddress?: string | null;
}

export interface WebApiUserDirectory extends UserDirectory {
  /**
   * Caches every enabled user that has a Ringostat staff id with one query (paged by Dataverse), so the
   * first call of each employee costs no lookup of its own. Returns how many users were cached.
   */
  preload(): Promise<number>;
}

export function createWebApiUserDirectory(options: UserDirectoryOptions): WebApiUserDirectory {
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const maxEntries = options.maxEntries ?? 5_000;
  type Entry = { expires: number; answer: Promise<string | undefined> };
  const cache = new Map<string, Entry>();
  // A Map keeps insertion order: re-inserting on use makes its first key the longest-unused one.
  const remember = (key: string, entry: Entry) => {
    cache.delete(key);
    if (cache.size >= maxEntries) cache.delete(cache.keys().next().value as string);
    cache.set(key, entry);
  };

  async function lookup(employee: Employee): Promise<string | undefined> {
    const rules = [
      employee.number ? `ringo_ringostatstaffid eq ${odataString(employee.number)}` : undefined,
      employee.email ? `internalemailaddress eq ${odataString(employee.email)}` : undefined,
    ].filter((rule): rule is string => rule !== undefined);
    const page = await options.client.run('find-user', (api) =>
      api.retrieveMultiple<UserRow>({
        collection: 'systemusers',
        select: ['systemuserid', 'ringo_ringostatstaffid', 'internalemailaddress'],
        filter: `(${rules.join(' or ')}) and isdisabled eq false`,
        top: 10,
      }),
    );
    const byStaffId = page.value.find((u) => employee.number && u.ringo_ringostatstaffid === employee.number);
    const byEmail = page.value.find(
      (u) => employee.email && u.internalemailaddress?.toLowerCase() === employee.email.toLowerCase(),
    );
    return (byStaffId ?? byEmail)?.systemuserid;
  }

  const keyOf = (employee: Employee) => `${employee.number ?? ''}\n${employee.email?.toLowerCase() ?? ''}`;

  return {
    async preload() {
      const users = await options.client.run('preload-users', (api) =>
        api.retrieveAll<UserRow>({
          collection: 'systemusers',
          select: ['systemuserid', 'ringo_ringostatstaffid'],
          filter: 'ringo_ringostatstaffid ne null and isdisabled eq false',
          maxPageSize: 5000,
        }),
      );
      const expires = options.clock.now().getTime() + ttlMs;
      for (const user of users.value) {
        if (!user.ringo_ringostatstaffid) continue;
        const key = keyOf({ number: user.ringo_ringostatstaffid });
        remember(key, { expires, answer: Promise.resolve(user.systemuserid) });
      }
      return users.value.length;
    },
    findUser(employee) {
      if (!employee.number && !employee.email) return Promise.resolve(undefined);
      const key = keyOf(employee);
      const now = options.clock.now().getTime();
      const hit = cache.get(key);
      if (hit && hit.expires > now) {
        remember(key, hit);
        return hit.answer;
      }
      const answer = lookup(employee);
      remember(key, { expires: now + ttlMs, answer });
      // A failed lookup is not an answer: forget it so the retry asks again.
      answer.catch(() => cache.delete(key));
      return answer;
    },
  };
}
