import { Counter, Gauge, type Registry } from 'prom-client';
import type { Clock } from '../clock';
import { coerceError } from '../errors';
import { createPeriodicJob } from '../ringostat-api/periodic-job';
import type { StaffMember } from '../ringostat-api/staff-list';
import { mapStaffToUsers, MATCHES, type CrmUser, type MappedStaff } from './staff-mapping';
import type { StaffStore } from './sqlite-staff-store';

/**
 * The local staff directory: Ringostat's employees (staff API) joined to CRM users (Dataverse), refreshed
 * every `refreshMs` (default 1 h) and on demand, kept in SQLite, answered from memory. It maps the
 * `employee_number` of a webhook — or the SIP login an outgoing call was made from — to a CRM user
 * without anyone typing it, and an owner back to a Ringostat extension for call forwarding.
 * Why this shape: docs/adr/0110-staff-directory.md.
 */

export interface StaffSource {
  listStaff(): Promise<StaffMember[]>;
}

export interface CrmUserSource {
  /** Enabled users with their e-mail and Ringostat staff ID. */
  listUsers(): Promise<CrmUser[]>;
}

/** The part of the directory call processing and forwarding use: synchronous, from memory. */
export interface StaffLookup {
  /** The CRM user of an employee: by staff id, else e-mail, else SIP login. */
  userFor(employee: { number?: string; email?: string; sipLogin?: string }): string | undefined;
  /** The Ringostat extension of a CRM user (else a SIP login), for routing a call to the owner. */
  extensionForUser(systemuserid: string): string | undefined;
}

export interface StaffDirectoryStatus {
  refreshMs: number;
  lastRefreshAt: string | null;
  lastSuccessAt: string | null;
  lastError: string | null;
  counts: StaffCounts;
  staff: MappedStaff[];
}

export interface StaffCounts {
  employees: number;
  byStaffId: number;
  byEmail: number;
  unmatched: number;
}

export interface StaffDirectory extends StaffLookup {
  refresh(): Promise<StaffCounts>;
  start(): void;
  stop(): Promise<void>;
  status(): StaffDirectoryStatus;
}

export interface StaffDirectoryOptions {
  staff: StaffSource;
  users: CrmUserSource;
  store: StaffStore;
  clock: Clock;
  registry?: Registry;
  refreshMs?: number;
  onError?: (error: Error) => void;
}

export const STAFF_REFRESH_MS = 60 * 60_000;

export function createStaffDirectory(options: StaffDirectoryOptions): StaffDirectory {
  const refreshMs = options.refreshMs ?? STAFF_REFRESH_MS;
  const metrics = options.registry ? staffMetrics(options.registry) : undefined;
  const loaded = options.store.load();
  let index = buildIndex(loaded.staff);
  const state = {
    lastRefreshAt: null as string | null,
    lastSuccessAt: loaded.refreshedAt ?? null,
    lastError: null as string | null,
  };
  metrics?.update(index.staff);

  async function refreshNow(): Promise<StaffCounts> {
    const now = options.clock.now();
    state.lastRefreshAt = now.toISOString();
    try {
      const [staff, users] = await Promise.all([options.staff.listStaff(), options.users.listUsers()]);
      if (staff.length === 0 && index.staff.length > 0) {
        // An empty answer is more likely a wrong project id or an outage than a company without staff.
        throw new Error(
          `Ringostat returned no employees; the previous directory of ${index.staff.length} is kept`,
        );
      }
      const mapped = mapStaffToUsers(staff, users);
      options.store.replace(mapped, now);
      index = buildIndex(mapped);
      state.lastSuccessAt = options.clock.now().toISOString();
      state.lastError = null;
      metrics?.update(mapped);
      metrics?.refreshes.inc({ outcome: 'ok' });
      metrics?.lastSuccess.set(options.clock.now().getTime() / 1000);
      return countsOf(mapped);
    } catch (error) {
      const e = coerceError(error);
      state.lastError = e.message;
      metrics?.refreshes.inc({ outcome: 'failed' });
      throw e;
    }
  }

  const job = createPeriodicJob(refreshNow, refreshMs, options.onError);

  return {
    refresh: job.runOnce,
    start: job.start,
    stop: job.stop,
    status: () => ({ refreshMs, ...state, counts: countsOf(index.staff), staff: index.staff }),
    userFor(employee) {
      const member =
        (employee.number ? index.byStaffId.get(employee.number) : undefined) ??
        (employee.email ? index.byEmail.get(employee.email.trim().toLowerCase()) : undefined) ??
        (employee.sipLogin ? index.bySip.get(employee.sipLogin.trim().toLowerCase()) : undefined);
      return member?.systemuserid;
    },
    extensionForUser(systemuserid) {
      const member = index.byUser.get(systemuserid.toLowerCase());
      return member?.extension ?? member?.sipLogins[0];
    },
  };
}

interface Index {
  staff: MappedStaff[];
  byStaffId: Map<string, MappedStaff>;
  byEmail: Map<string, MappedStaff>;
  bySip: Map<string, MappedStaff>;
  byUser: Map<string, MappedStaff>;
}

function buildIndex(staff: MappedStaff[]): Index {
  const index: Index = {
    staff,
    byStaffId: new Map(),
    byEmail: new Map(),
    bySip: new Map(),
    byUser: new Map(),
  };
  for (const member of staff) {
    index.byStaffId.set(member.staffId, member);
    if (member.email) index.byEmail.set(member.email, member);
    for (const login of member.sipLogins) index.bySip.set(login.toLowerCase(), member);
    // One user mapped from two employees: the first keeps the extension (the admin API shows both).
    const user = member.systemuserid?.toLowerCase();
    if (user && !index.byUser.has(user)) index.byUser.set(user, member);
  }
  return index;
}

function countsOf(staff: readonly MappedStaff[]): StaffCounts {
  return {
    employees: staff.length,
    byStaffId: staff.filter((s) => s.matchedBy === 'staff-id').length,
    byEmail: staff.filter((s) => s.matchedBy === 'email').length,
    unmatched: staff.filter((s) => s.matchedBy === 'none').length,
  };
}

const byRegistry = new WeakMap<Registry, ReturnType<typeof createMetrics>>();

function staffMetrics(registry: Registry) {
  let metrics = byRegistry.get(registry);
  if (!metrics) {
    metrics = createMetrics(registry);
    byRegistry.set(registry, metrics);
  }
  return metrics;
}

function createMetrics(registry: Registry) {
  const registers = [registry];
  const employees = new Gauge({
    name: 'ringostat_staff_directory_employees',
    help: 'Ringostat employees in the staff directory, by how they map to a CRM user (staff-id, email, none)',
    labelNames: ['matched_by'],
    registers,
  });
  return {
    refreshes: new Counter({
      name: 'ringostat_staff_directory_refreshes_total',
      help: 'Refreshes of the staff directory from Ringostat and Dataverse, by outcome (ok, failed)',
      labelNames: ['outcome'],
      registers,
    }),
    lastSuccess: new Gauge({
      name: 'ringostat_staff_directory_last_success_timestamp_seconds',
      help: 'When the staff directory was last refreshed without error (Unix seconds)',
      registers,
    }),
    update(staff: readonly MappedStaff[]) {
      for (const by of MATCHES)
        employees.set({ matched_by: by }, staff.filter((s) => s.matchedBy === by).length);
    },
  };
}
