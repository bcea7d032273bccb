import { toCallEvent } from '../domain/call-event';
import { describeResult, type CallGateway } from '../domain/call-gateway';
import type { NewContactFields } from '../domain/call-plan';
import type { CallSettings } from '../domain/call-settings';
import type { ContactCandidate, ContactDirectory } from '../domain/contact-directory';
import { maskPhone, maskPhonesIn } from '../domain/mask-phone';
import { planCall } from '../domain/plan-call';
import type { UserDirectory } from '../domain/user-directory';
import type { InboxEntry } from '../inbox/inbox';
import { isCallAi } from '../ringostat/inbox-payload';
import { toE164 } from '../domain/phone-number';
import type { Task } from './worker';

/**
 * The worker's task for one inbox entry: payload → CallEvent → look up the contact and the user (in
 * parallel) → CallPlan → one gateway write. Returns the outcome line the inbox keeps. Phone numbers are
 * masked in every log line it writes.
 */
export interface CallTaskDeps {
  contacts: ContactDirectory;
  users: UserDirectory;
  gateway: CallGateway;
  settings: () => CallSettings;
  /**
   * Told about every contact a call was matched to or created for (the Ringostat Smart Phone contact
   * book). Runs after the write and is not awaited: it can never fail or slow down the call.
   */
  onContactResolved?: (contact: ResolvedContactRef) => Promise<unknown>;
  /**
   * Runs after an after-call event logged its phone call (attaches an AI analysis that arrived first,
   * call-ai-task.ts). Its failure fails the event, which is retried: the call write itself is idempotent.
   */
  afterLogged?: (callId: string) => Promise<string | undefined>;
}

/** A matched contact by id (with the version the lookup saw), or one this call created, with what the receiver wrote into it. */
export type ResolvedContactRef =
  | { contactid: string; modifiedon?: string }
  | { contactid: string; fullname: null; mobilephone?: string; telephone1?: string; ownerid: string };

export function createCallTask(deps: CallTaskDeps): Task {
  return async (entry, helpers) => {
    const settings = deps.settings();
    if (isCallAi(entry.payload))
      throw new TypeError(`inbox entry ${entry.id} is a call-ai event, not a call`);
    const call = toCallEvent(entry.payload, settings);
    const [contacts, employeeUserId] = await Promise.all([
      call.clientNumber ? deps.contacts.findByPhone(call.clientNumber) : Promise.resolve([]),
      call.stage === 'after-call' ? deps.users.findUser(call.employee) : Promise.resolve(undefined),
    ]);
    const plan = planCall(call, { contacts, settings, ...(employeeUserId ? { employeeUserId } : {}) });
    const where = {
      inboxId: entry.id,
      callId: entry.callId,
      client: call.clientNumber ? maskPhone(call.clientNumber) : 'none',
    };
    for (const note of plan.notes) helpers.log.info(where, maskPhonesIn(note));

    const result = await deps.gateway.apply(plan);
    if (result.createdContact && result.contactId && call.clientNumber && plan.contact.action === 'create') {
      deps.contacts.remember({
        contactid: result.contactId,
        statecode: 0,
        modifiedon: helpers.now().toISOString(),
        ownerid: plan.contact.owner.id,
        ownerType: plan.contact.owner.type,
        phones: [call.clientNumber],
      });
    }
    if (deps.onContactResolved && result.contactId) {
      const contact: ResolvedContactRef =
        result.createdContact && plan.contact.action === 'create'
          ? {
              contactid: result.contactId,
              fullname: null,
              ...phoneColumnOf(plan.contact.fields, plan.contact.phone),
              ownerid: plan.contact.owner.id,
            }
          : matched(contacts, result.contactId);
      void deps
        .onContactResolved(contact)
        .catch((error: unknown) =>
          helpers.log.warn({ ...where, error: String(error) }, 'contact-book hook failed'),
        );
    }
    const described = describeResult(result);
    const ai = result.phonecallId && deps.afterLogged ? await deps.afterLogged(entry.callId) : undefined;
    return ai ? `${described}; ${ai}` : described;
  };
}

function matched(candidates: readonly ContactCandidate[], contactid: string): ResolvedContactRef {
  const found = candidates.find((c) => c.contactid.toLowerCase() === contactid.toLowerCase());
  return found ? { contactid, modifiedon: found.modifiedon } : { contactid };
}

function phoneColumnOf(
  fields: NewContactFields,
  phone: string,
): { mobilephone: string } | { telephone1: string } {
  return 'mobilephone' in fields ? { mobilephone: phone } : { telephone1: phone };
}

/**
 * DESIGN.md §2, one writer per call: entries that share the call id or the client number run one at a
 * time, so a before-call and an after-call (or two calls from one new number) never create two contacts.
 */
export function serialKeys(entry: InboxEntry, defaultCountry: string): string[] {
  if (isCallAi(entry.payload)) return [`call:${entry.callId}`];
  const raw = entry.event === 'after-outgoing-call' ? entry.payload.dst : entry.payload.caller;
  return [`call:${entry.callId}`, `client:${toE164(raw, defaultCountry) ?? raw}`];
}
