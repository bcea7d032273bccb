/**
 * The project's employees from Ringostat's staff API: JSON-RPC `getProjectStaffListAndDirections` on
 * `POST https://api.ringostat.net/api/json-rpc` with the Auth-key header and `params.projectId`
 * (HC 9188142 "Ringostat API. Export data on project employees": ids, full name, e-mail, main and
 * additional numbers, SIP accounts with their status, departments). Public clients read `result` as an
 * object keyed by staff id whose items carry `staffId`, `fio`, `email`, `extensionNumber`,
 * `directions.main[{type, direction}]` and `departments` (public TypeScript and Laravel clients,
 * notes/ringostat.md §4.4). Field names beyond those are guesses, so this reader accepts an array too,
 * tolerates missing members and says what it could not read (docs/adr/0110-staff-directory.md).
 * An e-mail is unique per project (HC 10324001), which is what makes it a safe key to a CRM user.
 */

export interface StaffMember {
  /** Ringostat employee id: `employee_number` in webhooks and the call log. */
  staffId: string;
  name?: string;
  /** Lower-cased. */
  email?: string;
  /** Internal extension (2–5 digits, HC 11855619). */
  extension?: string;
  /** SIP logins among the employee's directions (`company_manager1`). */
  sipLogins: string[];
  /** Phone numbers among the directions, as Ringostat wrote them. */
  numbers: string[];
  departments: string[];
}

export type StaffAnswer =
  { ok: true; staff: StaffMember[]; skipped: number } | { ok: false; message: string; notFound: boolean };

export function readStaffAnswer(body: unknown): StaffAnswer {
  if (typeof body !== 'object' || body === null) {
    return { ok: false, message: 'the staff API answered without a JSON-RPC object', notFound: false };
  }
  const envelope = body as { result?: unknown; error?: unknown };
  if (envelope.error !== undefined && envelope.error !== null) {
    const message = errorMessage(envelope.error);
    // HC 9188142: "If an employee is not found … an error "User does not exist" will be returned".
    return { ok: false, message, notFound: /user does not exist/i.test(message) };
  }
  const result = envelope.result;
  const items = Array.isArray(result)
    ? result
    : typeof result === 'object' && result !== null
      ? Object.entries(result as Record<string, unknown>).map(([key, value]) => withKey(key, value))
      : undefined;
  if (!items) return { ok: false, message: 'the staff API answer has no "result"', notFound: false };
  const staff: StaffMember[] = [];
  let skipped = 0;
  for (const item of items) {
    const member = readMember(item);
    if (member) staff.push(member);
    else skipped++;
  }
  return { ok: true, staff, skipped };
}

function withKey(key: string, value: unknown): unknown {
  return typeof value === 'object' && value !== null ? { staffId: key, ...(value as object) } : value;
}

function readMember(item: unknown): StaffMember | undefined {
  if (typeof item !== 'object' || item === null) return undefined;
  const raw = item as Record<string, unknown>;
  const staffId = text(raw.staffId) ?? text(raw.staff_id) ?? text(raw.id);
  if (!staffId || !/^\d+$/.test(staffId)) return undefined;
  const member: StaffMember = {
    staffId,
    sipLogins: [],
    numbers: [],
    departments: departments(raw.departments),
  };
  const name = text(raw.fio) ?? text(raw.name);
  if (name) member.name = name;
  const email = text(raw.email)?.toLowerCase();
  if (email?.includes('@')) member.email = email;
  const extension = text(raw.extensionNumber) ?? text(raw.extension);
  if (extension && /^\d{1,10}$/.test(extension)) member.extension = extension;
  for (const direction of directions(raw.directions)) {
    if (/sip/i.test(direction.type)) member.sipLogins.push(direction.value);
    else member.numbers.push(direction.value);
  }
  return member;
}

/** `directions` as `{main:[…], additional:[…]}` or a plain list of `{type, direction}`. */
function directions(value: unknown): Array<{ type: string; value: string }> {
  const lists: unknown[] = Array.isArray(value)
    ? [value]
    : typeof value === 'object' && value !== null
      ? Object.values(value as Record<string, unknown>)
      : [];
  const found: Array<{ type: string; value: string }> = [];
  for (const list of lists) {
    if (!Array.isArray(list)) continue;
    for (const entry of list) {
      if (typeof entry !== 'object' || entry === null) continue;
      const e = entry as Record<string, unknown>;
      const direction = text(e.direction) ?? text(e.value);
      if (direction) found.push({ type: text(e.type) ?? '', value: direction });
    }
  }
  return found;
}

function departments(value: unknown): string[] {
  if (!Array.isArray(value)) return [];
  return value
    .map((d) =>
      typeof d === 'object' && d !== null
        ? (text((d as { name?: unknown }).name) ?? text((d as { id?: unknown }).id))
        : text(d),
    )
    .filter((d): d is string => d !== undefined);
}

function errorMessage(error: unknown): string {
  if (typeof error === 'string') return error;
  if (typeof error === 'object' && error !== null) {
    const message = (error as { message?: unknown }).message;
    if (typeof message === 'string') return message;
  }
  return JSON.stringify(error);
}

function text(value: unknown): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}
