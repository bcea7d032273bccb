import type { ForwardingStore } from './forwarding-store';

/**
 * The narrow ports the forwarding answer needs about the responsible manager. Both must answer from
 * local state (no request to Dataverse or Ringostat on the answer path); a promise is allowed so a future
 * source can be slower, and the answer's deadline bounds it.
 */
export interface OwnerExtensions {
  /** What Ringostat should ring for this CRM user (SIP login or number); undefined when unknown. */
  extensionForUser(systemuserid: string): string | undefined | Promise<string | undefined>;
}

export type UserState = 'enabled' | 'disabled' | 'unknown';

export interface ForwardingUsers {
  /** False until the first snapshot of CRM users arrived (nothing can be said about owners yet). */
  loaded(): boolean;
  stateOf(systemuserid: string): UserState;
}

/** The first source that knows an extension answers (e.g. the Ringostat staff directory, then local state). */
export function firstExtension(...sources: OwnerExtensions[]): OwnerExtensions {
  return {
    async extensionForUser(systemuserid) {
      for (const source of sources) {
        const found = await source.extensionForUser(systemuserid);
        if (found) return found;
      }
      return undefined;
    },
  };
}

/**
 * From local state: the user's `ringo_ringostatstaffid` (CRM user snapshot) → the destination the admin
 * typed for that staff id (`ringo_ForwardingExtensions`), else the one learned from calls. With another
 * source (the Ringostat staff directory, `between`), the admin's typed value still wins, then that
 * source, then what was learned from calls: an admin's explicit choice beats any lookup.
 */
export function localOwnerExtensions(
  store: Pick<ForwardingStore, 'user' | 'learned'>,
  typed: () => Record<string, string>,
  between?: OwnerExtensions,
): OwnerExtensions & { staffIdOf(systemuserid: string): string | undefined } {
  const staffIdOf = (systemuserid: string) => store.user(systemuserid)?.staffId;
  const typedFor = (systemuserid: string) => {
    const staffId = staffIdOf(systemuserid);
    return staffId ? typed()[staffId] : undefined;
  };
  const learnedFor = (systemuserid: string) => {
    const staffId = staffIdOf(systemuserid);
    return staffId ? store.learned(staffId)?.destination : undefined;
  };
  if (!between) {
    return { staffIdOf, extensionForUser: (id) => typedFor(id) ?? learnedFor(id) };
  }
  const chain = firstExtension({ extensionForUser: typedFor }, between, { extensionForUser: learnedFor });
  return { staffIdOf, extensionForUser: (id) => chain.extensionForUser(id) };
}

export function localUsers(store: Pick<ForwardingStore, 'user' | 'state'>): ForwardingUsers {
  return {
    loaded: () => store.state('usersLoadedAt') !== undefined,
    stateOf(systemuserid) {
      const user = store.user(systemuserid);
      return user ? (user.disabled ? 'disabled' : 'enabled') : 'unknown';
    },
  };
}
