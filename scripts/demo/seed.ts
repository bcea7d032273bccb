import type { DataverseEmulator } from '../../emulators/dataverse/src/index';

/**
 * Demo data for `npm start` without DATAVERSE_URL: a default owner, three agents mapped to Ringostat
 * employees (systemuser.ringo_ringostatstaffid), and contacts whose numbers are stored the many ways CRM
 * users type them — so the demo shows matching, creating and the ambiguity rule. Idempotent: an org that
 * already holds the demo users (a restored snapshot) is left alone.
 */
export interface DemoOrg {
  defaultOwner: string;
  agents: Record<'ivan' | 'maria' | 'andrii', string>;
  contacts: string[];
}

export const DEMO_STAFF = { ivan: '111111', maria: '222222', andrii: '333333' } as const;

export function seedDemoOrg(emulator: DataverseEmulator, options: { receiverUrl?: string } = {}): DemoOrg {
  const users = emulator.rows('systemuser');
  const find = (staff: string) => users.find((u) => u.ringo_ringostatstaffid === staff)?.systemuserid;
  const owner = users.find((u) => u.internalemailaddress === 'olena.bondar@demo.example')?.systemuserid;
  const existing = {
    ivan: find(DEMO_STAFF.ivan),
    maria: find(DEMO_STAFF.maria),
    andrii: find(DEMO_STAFF.andrii),
  };
  if (owner && existing.ivan && existing.maria && existing.andrii) {
    return {
      defaultOwner: String(owner),
      agents: { ivan: String(existing.ivan), maria: String(existing.maria), andrii: String(existing.andrii) },
      contacts: emulator.rows('contact').map((c) => String(c.contactid)),
    };
  }

  const user = (firstname: string, lastname: string, email: string, staff?: string) =>
    emulator.insert('systemuser', {
      firstname,
      lastname,
      internalemailaddress: email,
      ...(staff ? { ringo_ringostatstaffid: staff } : {}),
    });
  const defaultOwner = user('Олена', 'Бондар', 'olena.bondar@demo.example');
  const agents = {
    ivan: user('Іван', 'Петренко', 'ivan.petrenko@demo.example', DEMO_STAFF.ivan),
    maria: user('Марія', 'Коваль', 'maria.koval@demo.example', DEMO_STAFF.maria),
    andrii: user('Андрій', 'Шевчук', 'andrii.shevchuk@demo.example', DEMO_STAFF.andrii),
  };
  setVariable(emulator, 'ringo_DefaultOwnerId', defaultOwner);
  // Forwarding to the responsible manager: on in the demo, with the agents' SIP logins typed in.
  setVariable(emulator, 'ringo_ForwardingEnabled', 'on');
  setVariable(
    emulator,
    'ringo_ForwardingExtensions',
    `${DEMO_STAFF.ivan}=demo_ivan; ${DEMO_STAFF.maria}=demo_maria; ${DEMO_STAFF.andrii}=demo_andrii`,
  );
  if (options.receiverUrl) setVariable(emulator, 'ringo_ReceiverUrl', options.receiverUrl);

  const contact = (firstname: string, lastname: string, phones: Record<string, string>, extra = {}) =>
    emulator.insert('contact', { firstname, lastname, ...phones, ownerid: agents.maria, ...extra });
  const contacts = [
    contact('Тарас', 'Мельник', { mobilephone: '+380671112233' }),
    contact('Оксана', 'Ткаченко', { telephone1: '050 123 4567' }, { ownerid: agents.ivan }),
    contact('Ігор', 'Савчук', { business2: '380931234567' }),
    contact('Наталія', 'Бойко', { telephone2: '0631234567', mobilephone: '+380 63 123 4567' }),
    // Two contacts share a number: the active, most recently modified one is chosen.
    contact('Петро', 'Гнатюк', { home2: '+380 66 765 4321' }),
    contact('Петро', 'Гнатюк (old)', { telephone3: '0667654321' }, { statecode: 1, statuscode: 2 }),
  ];
  return { defaultOwner, agents, contacts };
}

function setVariable(emulator: DataverseEmulator, schemaname: string, value: string): void {
  const definition = emulator.rows('environmentvariabledefinition').find((d) => d.schemaname === schemaname);
  if (!definition) return;
  emulator.insert('environmentvariablevalue', {
    schemaname,
    value,
    environmentvariabledefinitionid: String(definition.environmentvariabledefinitionid),
  });
}
