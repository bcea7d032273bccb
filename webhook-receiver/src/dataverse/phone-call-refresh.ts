import type { ColumnValue, PhoneCallStep } from '../domain/call-plan';

/**
 * What a repeated event may still change on a phone call that is already logged and still open (a missed
 * call kept as a call-back): only the columns whose value differs (Microsoft Learn,
 * webapi/update-delete-entities-using-web-api: "only include the properties you are changing"). The
 * owner is never re-assigned — an agent may have taken the call-back over — and the regarding contact is
 * set only while the call has none. Parties were set on create and are left alone.
 */
export interface ExistingCall {
  activityid: string;
  statecode: number;
  _regardingobjectid_value?: string | null;
  [column: string]: unknown;
}

/** The columns to read from an existing call to decide what to write. */
export function existingCallSelect(step: PhoneCallStep): string[] {
  return ['activityid', 'statecode', '_regardingobjectid_value', ...Object.keys(step.fields)];
}

export function changedColumns(step: PhoneCallStep, existing: ExistingCall): Record<string, ColumnValue> {
  const changed: Record<string, ColumnValue> = {};
  for (const [column, value] of Object.entries(step.fields))
    if (!sameValue(value, existing[column])) changed[column] = value;
  return changed;
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * Dataverse returns date-times in UTC with seconds precision ("2024-05-01T10:00:00Z"), and
 * dynamics-web-api hands them over as Date objects.
 */
function sameValue(planned: ColumnValue, stored: unknown): boolean {
  if (typeof planned === 'string' && ISO_DATE_TIME.test(planned)) {
    const at =
      stored instanceof Date ? stored.getTime() : typeof stored === 'string' ? Date.parse(stored) : NaN;
    return Math.floor(Date.parse(planned) / 1000) === Math.floor(at / 1000);
  }
  return planned === stored;
}
