/**
 * The runtime settings the call rules depend on. They come from the solution's Dataverse environment
 * variables (DESIGN.md §4; read by ../settings/), each overridable by a RINGO_<NAME> process variable.
 * Plain data: the domain never reads them itself.
 */
export const MISSED_CALL_MODES = ['open', 'completed'] as const;
export type MissedCallMode = (typeof MISSED_CALL_MODES)[number];

export const LANGUAGES = ['uk', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

export interface CallSettings {
  /** ringo_DefaultOwnerId: systemuserid owning new contacts and calls no employee maps to. */
  defaultOwnerId: string;
  /** ringo_DefaultCountry: ISO 3166 code for numbers without a country code. */
  defaultCountry: string;
  /** ringo_MissedCallMode: `open` keeps a missed incoming call open as a call-back to-do. */
  missedCallMode: MissedCallMode;
  /** ringo_CallbackDueHours: how long after a missed call the call-back is due. */
  callbackDueHours: number;
  /** ringo_Language: language of the subjects the receiver writes. */
  language: Language;
  /** ringo_ReceiverUrl: where Ringostat reaches this receiver (shown on the settings page). */
  receiverUrl?: string;
}

/** The defaults the solution's environment variable definitions declare (solution/environmentvariabledefinitions). */
export const DEFAULT_CALL_SETTINGS: Omit<CallSettings, 'defaultOwnerId'> = {
  defaultCountry: 'UA',
  missedCallMode: 'open',
  callbackDueHours: 2,
  language: 'uk',
};
