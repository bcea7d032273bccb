import type { Language } from '../shared/crm-language';
import type { Thenable } from '../shared/environment-variables';
import type { Texts } from '../shared/texts';
import type { UserFormat } from '../shared/user-format';
import { buildCsv, csvFileName } from './call-csv';
import { callFacts, type CallFacts } from './call-facts';
import { nextPageOptions } from './call-query';
import type { OptionalKey } from './call-columns';

/** The export walks pages of 5,000 (the Dataverse maximum) and stops after 10, like the totals. */
export const EXPORT_PAGE = 5000;
export const EXPORT_MAX_PAGES = 10;

/** The paged read Xrm.WebApi.retrieveMultipleRecords offers (tests pass a small fake). */
export interface PagedReader {
  retrieveMultipleRecords(
    entityLogicalName: string,
    options?: string,
    maxPageSize?: number,
  ): Thenable<{ entities: Record<string, unknown>[]; nextLink?: string }>;
}

/** Reads every call the filters match (in the journal's order) and returns their facts. */
export async function readAllCalls(
  webApi: PagedReader,
  query: string,
  t: Texts,
  format: UserFormat,
): Promise<{ calls: CallFacts[]; truncated: boolean }> {
  const calls: CallFacts[] = [];
  const now = new Date();
  let options: string | null = query;
  for (let page = 0; options !== null && page < EXPORT_MAX_PAGES; page += 1) {
    const result: { entities: Record<string, unknown>[]; nextLink?: string } =
      await webApi.retrieveMultipleRecords('phonecall', options, EXPORT_PAGE);
    for (const row of result.entities) calls.push(callFacts(row, t, format, now));
    options = result.nextLink ? nextPageOptions(result.nextLink) : null;
  }
  return { calls, truncated: options !== null };
}

/** Hands the CSV to the browser as a download (a Blob link; nothing leaves the agent's machine). */
export function downloadCsv(
  win: Window,
  calls: readonly CallFacts[],
  t: Texts,
  language: Language,
  shown: readonly OptionalKey[],
): void {
  const doc = win.document;
  const blob = new Blob([buildCsv(calls, t, language, shown)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = url;
  link.download = csvFileName(new Date());
  link.hidden = true;
  doc.body.appendChild(link);
  link.click();
  link.remove();
  win.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
