/**
 * The call-log field codes `/calls/list` knows (../../../../shared/notes/ringostat.md §2.2, from the
 * official example response and the public clients that mirror it). A request naming any other field is
 * refused with an "incorrect field" body, as public code reports the real API does.
 */
export const CALL_LOG_FIELDS = [
  'uniqueid',
  'calldate',
  'caller',
  'dst',
  'caller_number',
  'call_type',
  'disposition',
  'duration',
  'billsec',
  'waittime',
  'duration_ms',
  'connected_with',
  'employee_number',
  'employee_fio',
  'employee_mark',
  'department',
  'category_mark',
  'category_number',
  'pool_name',
  'scheme_name',
  'call_counter',
  'proper_flag',
  'repeated_flag',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_content',
  'utm_term',
  'client_id',
  'remote_ip',
  'refferrer',
  'landing',
  'has_recording',
  'recording',
  'recording_wav',
  'call_card',
  'additional_number',
] as const;
export type CallLogField = (typeof CALL_LOG_FIELDS)[number];

/** One call as the emulator stores it: `uniqueid` and `calldate` (ISO 8601 with offset) are required. */
export type CallLogRow = { uniqueid: string; calldate: string } & Partial<
  Record<CallLogField, string | number>
>;

/** What `/calls/list` returns when `fields` is not given (the API's own default set is not documented). */
export const DEFAULT_FIELDS: readonly CallLogField[] = [
  'uniqueid',
  'calldate',
  'caller',
  'dst',
  'call_type',
  'disposition',
  'duration',
  'billsec',
];
