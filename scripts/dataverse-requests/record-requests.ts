import {
  builtInProductSolution,
  startEmulatorServer,
  type RecordedRequest,
} from '../../emulators/dataverse/src/index';
import { seededRandom } from '../../emulators/dataverse/src/protection/service-protection';
import { createDataverseContactPages } from '../../webhook-receiver/src/ringostat-api/dataverse-contact-pages';
import { createWebApi, deploySolution, setEnvironmentVariableValues } from '../deploy/index';
import { verifyOrg } from '../verify-org/run-verify';
import type { WireRequest } from './request-shapes';

/**
 * Runs the product's Dataverse code against the emulator and returns every request it sent, $batch parts
 * included: verify-org (every request of the worker, the phone directory and the contact-book sync),
 * the contact book paging through more than one page, and a deploy that sets an environment variable
 * value and then changes it.
 */
export async function recordProductRequests(): Promise<WireRequest[]> {
  const org = await startEmulatorServer({ recordBodies: true });
  const getToken = async () => 'docs';
  const silent = () => undefined;
  try {
    for (let i = 0; i < 101; i++)
      org.emulator.insert('contact', { lastname: `Client ${i}`, mobilephone: `+38050${1_000_000 + i}` });
    org.emulator.insert('systemuser', { lastname: 'Агент', ringo_ringostatstaffid: '111111' });
    org.emulator.resetRequestLog();
    await verifyOrg({ url: org.url, getToken, print: silent, runId: 'docs', random: seededRandom(14) });
    const pages = createDataverseContactPages({ dataverseUrl: org.url, getToken });
    const first = await pages.page();
    if (first.nextLink) await pages.page(first.nextLink);
    await deploySolution({
      url: org.url,
      getToken,
      zip: builtInProductSolution(),
      values: { ringo_ReceiverUrl: 'https://calls.example.com' },
      log: silent,
      sleep: async () => undefined,
    });
    // A value the import did not set (a re-deploy onto an org that has one): created, then changed.
    const api = createWebApi({ url: org.url, getToken });
    for (const country of ['PL', 'UA'])
      await setEnvironmentVariableValues(api, { ringo_DefaultCountry: country }, silent);
    return toWireRequests(org.emulator.requests(), org.url);
  } finally {
    await org.close();
  }
}

/** Recorded requests → one WireRequest per request, and one per part of a $batch. */
export function toWireRequests(recorded: readonly RecordedRequest[], origin: string): WireRequest[] {
  return recorded.flatMap((r) => {
    const parts = (r.parts ?? []).map((p) => {
      const headers = { ...p.headers, ...(p.contentId ? { 'content-id': p.contentId } : {}) };
      return wire(p.method, p.url, headers, p.body, p.changeset > 0, origin);
    });
    const request = wire(r.method, r.url, r.headers ?? {}, r.body, false, origin);
    return [r.parts ? { ...request, parts } : request, ...parts];
  });
}

function wire(
  method: string,
  url: string,
  headers: Record<string, string>,
  body: string | undefined,
  inChangeset: boolean,
  origin: string,
): WireRequest {
  const relative = url.replace(origin, '').replace(/^\/?api\/data\/v9\.2\//, '');
  const at = relative.indexOf('?');
  const path = decodeURIComponent(at < 0 ? relative : relative.slice(0, at));
  const query: Record<string, string> = {};
  for (const pair of at < 0 ? [] : relative.slice(at + 1).split('&')) {
    const eq = pair.indexOf('=');
    if (eq > 0) query[decodeURIComponent(pair.slice(0, eq))] = decodeURIComponent(pair.slice(eq + 1));
  }
  let parsed: Record<string, unknown> | undefined;
  try {
    parsed =
      body?.trim() && !body.trim().startsWith('--')
        ? (JSON.parse(body) as Record<string, unknown>)
        : undefined;
  } catch {
    parsed = undefined;
  }
  return { method, path, query, headers, body: parsed, inChangeset };
}
