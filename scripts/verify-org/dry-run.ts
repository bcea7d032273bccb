import {
  createDataverseEmulator,
  mountEmulatorWithMsw,
  type RecordedRequest,
} from '../../emulators/dataverse/src/index';

/**
 * `--dry-run`: the org's URL is answered in this process by the Dataverse emulator (with the product
 * solution imported), so every request verify-org would send is composed by the receiver's own code and
 * printed — and none leaves the machine (msw intercepts Node's http and fetch for that origin; anything
 * else is refused). Ids in the printout are the emulator's, not the org's.
 */
export interface DryRun {
  /** Prints the requests sent since the last call. */
  flush(print: (line: string) => void): void;
  close(): void;
}

export async function startDryRun(url: string): Promise<DryRun> {
  const origin = new URL(url).origin;
  const emulator = await createDataverseEmulator({ baseUrl: origin, recordBodies: true });
  const server = mountEmulatorWithMsw(emulator, origin);
  server.listen({ onUnhandledRequest: 'error' });
  let printed = 0;
  return {
    flush(print) {
      const requests = emulator.requests();
      for (const request of requests.slice(printed))
        for (const line of describeRequest(request, origin)) print(line);
      printed = requests.length;
    },
    close: () => server.close(),
  };
}

const SHOWN_HEADERS = ['prefer', 'if-match', 'if-none-match', 'content-id'];

export function describeRequest(request: RecordedRequest, origin: string): string[] {
  const path = (url: string) => decodeURIComponent(url.replace(origin, ''));
  const headers = (all: Record<string, string> | undefined, indent: string) =>
    SHOWN_HEADERS.filter((h) => all?.[h] !== undefined).map((h) => `${indent}${h}: ${all?.[h] ?? ''}`);
  const body = (text: string | undefined, indent: string) =>
    text?.trim() ? [`${indent}${text.trim()}`] : [];
  const lines = [`      > ${request.method} ${path(request.url)}`, ...headers(request.headers, '          ')];
  if (!request.parts) return [...lines, ...body(request.body, '          ')];
  for (const part of request.parts) {
    const id = part.contentId ? ` (Content-ID ${part.contentId})` : '';
    lines.push(`          [changeset ${part.changeset}] ${part.method} ${path(part.url)}${id}`);
    lines.push(...headers(part.headers, '            '), ...body(part.body, '            '));
  }
  return lines;
}
