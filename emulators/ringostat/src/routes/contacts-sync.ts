import type { EmulatorState, SyncedContact } from '../emulator-state';
import { json } from './json-response';

/**
 * POST /minicrm/contacts/sync — the Smart Phone contact book (HC 9221318, "API Ringostat: sending
 * information to Ringostat Smart Phone and contact book"; ../../../../../shared/notes/ringostat.md §3).
 * Mandatory fields are checked as the article's table says; a contact is stored under its externalId
 * (or `lead:<leadId>` when only a lead id is given) and a later sync of the same id replaces it.
 * The real success body is not documented; the emulator answers `{"status":"ok","synced":N}`.
 */

interface Problem {
  index: number;
  field: string;
  message: string;
}

const NULLABLE_TEXT = ['staffId', 'contactLink', 'leadLink', 'dealLink', 'googleClientId'] as const;

export async function contactsSync(
  request: Request,
  state: EmulatorState,
  projectId: number,
): Promise<Response> {
  let body: unknown;
  try {
    body = await request.json();
  } catch {
    return json(400, { error: 'invalid_json', message: 'the body must be JSON: {"contacts":[…]}' });
  }
  const contacts = (body as { contacts?: unknown } | null)?.contacts;
  if (!Array.isArray(contacts) || contacts.length === 0) {
    return json(400, { error: 'validation_failed', message: '"contacts" must be a non-empty array' });
  }
  const problems: Problem[] = [];
  const valid: SyncedContact[] = [];
  contacts.forEach((raw: unknown, index) => {
    const found = validateContact(raw, index, projectId);
    if (Array.isArray(found)) problems.push(...found);
    else valid.push(found);
  });
  if (problems.length > 0) return json(400, { error: 'validation_failed', details: problems });
  for (const contact of valid) {
    state.contacts.set(contact.externalId ?? `lead:${contact.leadId}`, contact);
  }
  return json(200, { status: 'ok', synced: valid.length });
}

function validateContact(raw: unknown, index: number, projectId: number): SyncedContact | Problem[] {
  const problems: Problem[] = [];
  const fail = (field: string, message: string) => problems.push({ index, field, message });
  if (typeof raw !== 'object' || raw === null) return [{ index, field: '', message: 'must be an object' }];
  const c = raw as Record<string, unknown>;

  if (!Number.isInteger(c.projectId)) fail('projectId', 'mandatory integer');
  else if (c.projectId !== projectId) fail('projectId', `must be this project (${projectId})`);
  for (const field of ['fullName', 'origin', 'responsible'] as const) {
    if (typeof c[field] !== 'string' || c[field] === '') fail(field, 'mandatory non-empty string');
  }
  const externalId = nullableText(c.externalId);
  const leadId = nullableText(c.leadId);
  if (externalId === undefined) fail('externalId', 'must be a string or null');
  if (leadId === undefined) fail('leadId', 'must be a string or null');
  if (!externalId && !leadId) fail('externalId', 'externalId may be null only when leadId is filled');
  for (const field of NULLABLE_TEXT) {
    if (nullableText(c[field]) === undefined) fail(field, 'must be a string or null');
  }
  if (!Array.isArray(c.contactDirections))
    fail('contactDirections', 'mandatory array of {type, name, value}');
  else {
    c.contactDirections.forEach((d: unknown, i) => {
      const item = d as Record<string, unknown> | null;
      if (!item || typeof item.type !== 'string' || typeof item.name !== 'string' || !item.value) {
        fail(`contactDirections[${i}]`, 'needs string type, name and value');
      }
    });
  }
  if (c.organizations != null && !Array.isArray(c.organizations))
    fail('organizations', 'must be an array or null');
  if (problems.length > 0) return problems;

  return {
    projectId: c.projectId as number,
    fullName: c.fullName as string,
    origin: c.origin as string,
    externalId: externalId ?? null,
    leadId: leadId ?? null,
    responsible: c.responsible as string,
    staffId: nullableText(c.staffId) ?? null,
    contactLink: nullableText(c.contactLink) ?? null,
    leadLink: nullableText(c.leadLink) ?? null,
    dealLink: nullableText(c.dealLink) ?? null,
    googleClientId: nullableText(c.googleClientId) ?? null,
    contactDirections: c.contactDirections as SyncedContact['contactDirections'],
    organizations: (c.organizations as unknown[] | null | undefined) ?? null,
  };
}

/** A string, or null for null/missing; `undefined` means "wrong type". */
function nullableText(value: unknown): string | null | undefined {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : undefined;
}
