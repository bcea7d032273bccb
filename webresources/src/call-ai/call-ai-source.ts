import { parseVtt, type TranscriptLine } from './parse-vtt';

/**
 * Reads a phone call's AI analysis through Xrm.WebApi (docs/adr/0051): the `ringo_ai*` columns of the
 * phone call, and the .vtt of the note the receiver attached (annotation with `mimetype` text/vtt,
 * `documentbody` base64 — Learn reference/entities/annotation). Undefined when the call has no analysis.
 */

export interface CallAiData {
  summary?: string;
  clientMood?: string;
  employeeMood?: string;
  overallMood?: string;
  /** One recommendation per item. */
  recommendations: string[];
  transcript: TranscriptLine[];
}

type WebApi = Pick<Xrm.WebApi, 'retrieveRecord' | 'retrieveMultipleRecords'>;

const COLUMNS = {
  summary: 'ringo_aisummary',
  clientMood: 'ringo_aiclientmood',
  employeeMood: 'ringo_aiemployeemood',
  overallMood: 'ringo_aioverallmood',
} as const;

export async function loadCallAi(webApi: WebApi, phonecallId: string): Promise<CallAiData | undefined> {
  const id = phonecallId.replace(/[{}]/g, '').toLowerCase();
  if (!/^[0-9a-f-]{36}$/.test(id)) return undefined;
  const [call, notes] = await Promise.all([
    webApi.retrieveRecord(
      'phonecall',
      id,
      `?$select=${[...Object.values(COLUMNS), 'ringo_airecommendations'].join(',')}`,
    ),
    webApi.retrieveMultipleRecords(
      'annotation',
      `?$select=documentbody,filename&$filter=_objectid_value eq ${id} and mimetype eq 'text/vtt'&$orderby=createdon desc&$top=1`,
    ),
  ]);
  const data: CallAiData = { recommendations: [], transcript: [] };
  for (const [field, column] of Object.entries(COLUMNS) as Array<[keyof typeof COLUMNS, string]>) {
    const value = textOf(call[column]);
    if (value) data[field] = value;
  }
  data.recommendations = (textOf(call.ringo_airecommendations) ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
  const body = textOf(notes.entities[0]?.documentbody);
  if (body) data.transcript = parseVtt(decodeBase64(body));
  const empty =
    Object.keys(COLUMNS).every((f) => data[f as keyof typeof COLUMNS] === undefined) &&
    data.recommendations.length === 0 &&
    data.transcript.length === 0;
  return empty ? undefined : data;
}

function textOf(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function decodeBase64(body: string): string {
  const binary = atob(body);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i += 1) bytes[i] = binary.charCodeAt(i);
  return new TextDecoder('utf-8').decode(bytes);
}
