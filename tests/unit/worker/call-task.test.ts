import type { ApplyResult, CallGateway } from '../../../webhook-receiver/src/domain/call-gateway';
import type { CallPlan } from '../../../webhook-receiver/src/domain/call-plan';
import type { CallSettings } from '../../../webhook-receiver/src/domain/call-settings';
import type {
  ContactCandidate,
  ContactDirectory,
} from '../../../webhook-receiver/src/domain/contact-directory';
import type { Employee } from '../../../webhook-receiver/src/domain/call-event';
import type { UserDirectory } from '../../../webhook-receiver/src/domain/user-directory';
import type { InboxEntry } from '../../../webhook-receiver/src/inbox/inbox';
import type { RingostatEvent } from '../../../webhook-receiver/src/ringostat/ringostat-event';
import { createCallTask, serialKeys } from '../../../webhook-receiver/src/worker/call-task';
import type { TaskHelpers, WorkerLog } from '../../../webhook-receiver/src/worker/worker';
import { beforeCall, incomingAnswered, outgoingAnswered } from '../domain/ringostat-events';

const settings: CallSettings = {
  defaultOwnerId: 'owner-1',
  defaultCountry: 'UA',
  missedCallMode: 'open',
  callbackDueHours: 2,
  language: 'en',
};

class FakeContacts implements ContactDirectory {
  readonly asked: string[] = [];
  readonly remembered: Array<ContactCandidate & { phones: string[] }> = [];
  constructor(private readonly byPhone: Record<string, ContactCandidate[]> = {}) {}
  async findByPhone(e164: string) {
    this.asked.push(e164);
    return this.byPhone[e164] ?? [];
  }
  remember(contact: ContactCandidate & { phones: string[] }) {
    this.remembered.push(contact);
  }
}

class FakeUsers implements UserDirectory {
  readonly asked: Employee[] = [];
  async findUser(employee: Employee) {
    this.asked.push(employee);
    return employee.number === '111111' ? 'user-ivan' : undefined;
  }
}

class FakeGateway implements CallGateway {
  readonly plans: CallPlan[] = [];
  constructor(private readonly result: ApplyResult) {}
  async apply(plan: CallPlan) {
    this.plans.push(plan);
    return this.result;
  }
  keyMode() {
    return 'alternate-key' as const;
  }
}

class RecordingLog implements WorkerLog {
  readonly lines: string[] = [];
  debug = () => undefined;
  info = (details: object, message: string) => void this.lines.push(`${message} ${JSON.stringify(details)}`);
  warn = (details: object, message: string) => void this.lines.push(`${message} ${JSON.stringify(details)}`);
  error = (details: object, message: string) => void this.lines.push(`${message} ${JSON.stringify(details)}`);
}

function entry(payload: RingostatEvent): InboxEntry {
  const at = new Date('2026-03-02T12:00:00Z');
  return {
    id: 7,
    event: payload.event,
    callId: payload.callId,
    status: 'processing',
    payload,
    raw: { method: 'POST', url: '/', headers: {}, body: '' },
    receivedAt: at,
    attempts: 1,
    runAt: at,
    updatedAt: at,
  };
}

function helpers(log: WorkerLog): TaskHelpers {
  return { log, now: () => new Date('2026-03-02T12:00:05Z'), attempt: 1 };
}

describe('call task', () => {
  it('looks up the contact by E.164 and the employee, plans, writes once and reports the outcome', async () => {
    const contacts = new FakeContacts();
    const users = new FakeUsers();
    const gateway = new FakeGateway({
      outcome: 'logged',
      createdContact: true,
      contactId: 'c-new',
      phonecallId: 'p-1',
    });
    const task = createCallTask({ contacts, users, gateway, settings: () => settings });

    const outcome = await task(entry(incomingAnswered()), helpers(new RecordingLog()));

    expect(outcome).toBe('phonecall p-1 logged; contact c-new created');
    expect(contacts.asked).toEqual(['+380671112233']);
    expect(users.asked).toEqual([{ number: '111111', name: 'Іван Петренко' }]);
    expect(gateway.plans).toHaveLength(1);
    expect(gateway.plans[0]?.phonecall?.owner).toEqual({ type: 'systemuser', id: 'user-ivan' });
    expect(contacts.remembered).toEqual([
      expect.objectContaining({ contactid: 'c-new', phones: ['+380671112233'], ownerid: 'owner-1' }),
    ]);
  });

  it('does not look up a user for a before-call event', async () => {
    const users = new FakeUsers();
    const gateway = new FakeGateway({ outcome: 'contact-only', createdContact: false, contactId: 'c-1' });
    const task = createCallTask({ contacts: new FakeContacts(), users, gateway, settings: () => settings });

    expect(await task(entry(beforeCall()), helpers(new RecordingLog()))).toBe('contact c-1');
    expect(users.asked).toEqual([]);
  });

  it('logs the plan notes with the client number masked', async () => {
    const log = new RecordingLog();
    const candidates = [
      { contactid: 'a', statecode: 0, modifiedon: '2026-01-01T00:00:00Z' },
      { contactid: 'b', statecode: 0, modifiedon: '2025-01-01T00:00:00Z' },
    ];
    const task = createCallTask({
      contacts: new FakeContacts({ '+380671112233': candidates }),
      users: new FakeUsers(),
      gateway: new FakeGateway({
        outcome: 'logged',
        createdContact: false,
        contactId: 'a',
        phonecallId: 'p',
      }),
      settings: () => settings,
    });
    await task(entry(incomingAnswered({ callType: 'out', caller: '+380 67 111 22 33' })), helpers(log));

    expect(log.lines.join('\n')).toMatch(/2 contacts hold this number.*"client":"\+380\*\*\*\*\*2233"/);
    expect(log.lines.join('\n')).not.toMatch(/380671112233|111 22 33/);
  });

  it('serialises on the call id and on the client number in E.164, whichever way it was written', () => {
    expect(serialKeys(entry(incomingAnswered({ caller: '0671112233' })), 'UA')).toEqual([
      'call:ua18_-1791545397.2215926',
      'client:+380671112233',
    ]);
    expect(serialKeys(entry(outgoingAnswered()), 'UA')[1]).toBe('client:+380671112233');
  });
});
