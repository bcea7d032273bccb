/**
 * The "Call processed by AI" webhook (Ringostat help article 9281387): for one call, a brief summary,
 * the customer's and the employee's mood, the overall mood, recommended actions, and "a file with the
 * results of the AI call analysis (vtt)" — the whole transcription with the time codes of the dialogue.
 * As with every Webhooks 2.0 event, the admin names the keys; the product's contract is
 * docs/webhook-parameters.md ("Call processed by AI").
 */
export interface CallAiEvent {
  event: 'call-ai';
  /** The call's Ringostat id (`uniqueid`), the same as on its after-call webhook. */
  callId: string;
  summary?: string;
  clientMood?: string;
  employeeMood?: string;
  overallMood?: string;
  /** One recommendation per line. */
  recommendations?: string;
  /** Link to the .vtt file (http/https only). */
  transcriptUrl?: string;
  /** The WebVTT text itself, when the key carries the file's content rather than a link. */
  transcript?: string;
  /** Keys the contract does not name, kept as sent. */
  extra: Record<string, string>;
  warnings?: string[];
}
