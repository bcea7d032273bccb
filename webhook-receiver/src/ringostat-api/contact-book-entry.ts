import { createHash } from 'node:crypto';
import { toE164 } from '../domain/phone-number';
import type { ContactBookEntry, ContactDirection } from './ringostat-api';

/**
 * A CRM contact → one entry of Ringostat's Smart Phone contact book (HC 9221318). Pure.
 *
 * `contactLink` is the contact's record URL in the CRM, the documented deep-link form
 * `<org>/main.aspx?pagetype=entityrecord&etn=contact&id=<guid>` (Microsoft Learn, "Open forms, views,
 * dialogs, and reports with a URL"), plus `&appid=` so it opens inside the Smart CRM app.
 * Smart Phone matches callers by number, so a contact without any usable phone is not pushed.
 */

/** The contact columns the sync reads, as Dataverse names them. */
export interface CrmContact {
  contactid: string;
  fullname?: string | null;
  mobilephone?: string | null;
  telephone1?: string | null;
  telephone2?: string | null;
  emailaddress1?: string | null;
  /** Owner (systemuser or team) id: Ringostat's `responsible`. */
  ownerid?: string | null;
  /** The row's version as Dataverse reports it; not part of the entry pushed to Ringostat. */
  modifiedon?: string | null;
}

export interface ContactBookSettings {
  crmUrl: string;
  appId?: string;
  projectId: number;
  /** Country for numbers typed without a country code (ringo_DefaultCountry). */
  defaultCountry: string;
  /** The CRM's name in Ringostat. */
  origin: string;
}

const PHONE_COLUMNS = [
  ['mobilephone', 'mobile'],
  ['telephone1', 'work'],
  ['telephone2', 'home'],
] as const;

export function contactRecordUrl(crmUrl: string, contactId: string, appId?: string): string {
  const base = crmUrl.replace(/\/+$/, '');
  const app = appId ? `&appid=${encodeURIComponent(appId)}` : '';
  return `${base}/main.aspx?pagetype=entityrecord&etn=contact&id=${encodeURIComponent(contactId)}${app}`;
}

export function toContactBookEntry(
  contact: CrmContact,
  settings: ContactBookSettings,
): ContactBookEntry | undefined {
  const directions: ContactDirection[] = [];
  const seen = new Set<string>();
  for (const [column, name] of PHONE_COLUMNS) {
    const raw = contact[column];
    const e164 = raw ? toE164(raw, settings.defaultCountry) : undefined;
    if (e164 && !seen.has(e164)) {
      seen.add(e164);
      directions.push({ type: 'phone', name, value: e164 });
    }
  }
  const firstPhone = directions[0]?.value;
  if (firstPhone === undefined) return undefined;
  const email = contact.emailaddress1?.trim();
  if (email) directions.push({ type: 'email', name: 'work', value: email });

  return {
    projectId: settings.projectId,
    fullName: contact.fullname?.trim() || firstPhone,
    origin: settings.origin,
    externalId: contact.contactid.toLowerCase(),
    leadId: null,
    // Mandatory in the API; "0" is what public integrations send when no one is responsible.
    responsible: contact.ownerid?.toLowerCase() ?? '0',
    staffId: null,
    contactLink: contactRecordUrl(settings.crmUrl, contact.contactid.toLowerCase(), settings.appId),
    leadLink: null,
    dealLink: null,
    googleClientId: null,
    contactDirections: directions,
    organizations: null,
  };
}

/** What "changed" means: a digest of exactly what would be pushed. */
export function entryHash(entry: ContactBookEntry): string {
  return createHash('sha256').update(JSON.stringify(entry)).digest('hex');
}
