import type { DataverseEmulator } from '../../../emulators/dataverse/src/index';
import type { DrillCall } from './call-bodies';

/**
 * What landed in Dataverse against what was sent: phone calls grouped by ringo_callid, contacts grouped
 * by the number they were created with. Lost = a call with no phone call; duplicated = extra rows.
 */
export interface Ledger {
  calls: number;
  phonecalls: number;
  callsLogged: number;
  lostCalls: number;
  duplicatePhonecalls: number;
  unexpectedPhonecalls: number;
  clients: number;
  contacts: number;
  duplicateContacts: number;
  clientsWithoutContact: number;
}

export function ledger(emulator: DataverseEmulator, calls: readonly DrillCall[]): Ledger {
  const byCallId = new Map<string, number>();
  for (const row of emulator.rows('phonecall')) {
    const id = String(row.ringo_callid ?? '');
    byCallId.set(id, (byCallId.get(id) ?? 0) + 1);
  }
  const sent = new Set(calls.map((c) => c.callId));
  const byPhone = new Map<string, number>();
  for (const row of emulator.rows('contact')) {
    const phone = String(row.mobilephone ?? row.telephone1 ?? '').replace(/\D/g, '');
    byPhone.set(phone, (byPhone.get(phone) ?? 0) + 1);
  }
  const clients = new Set(calls.map((c) => c.client.replace(/\D/g, '')));
  const phonecalls = [...byCallId.values()].reduce((a, b) => a + b, 0);
  return {
    calls: sent.size,
    phonecalls,
    callsLogged: [...sent].filter((id) => (byCallId.get(id) ?? 0) > 0).length,
    lostCalls: [...sent].filter((id) => !byCallId.has(id)).length,
    duplicatePhonecalls: [...byCallId.values()].reduce((n, c) => n + Math.max(0, c - 1), 0),
    unexpectedPhonecalls: [...byCallId.keys()].filter((id) => !sent.has(id)).length,
    clients: clients.size,
    contacts: [...byPhone.values()].reduce((a, b) => a + b, 0),
    duplicateContacts: [...byPhone.values()].reduce((n, c) => n + Math.max(0, c - 1), 0),
    clientsWithoutContact: [...clients].filter((p) => !byPhone.has(p)).length,
  };
}
