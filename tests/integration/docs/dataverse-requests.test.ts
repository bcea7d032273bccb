import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { recordProductRequests } from '../../../scripts/dataverse-requests/record-requests';
import { checkShapes, renderRequestsDoc } from '../../../scripts/dataverse-requests/render-requests-doc';
import { shapeOf, type WireRequest } from '../../../scripts/dataverse-requests/request-shapes';

// Records some seventy requests (a verify-org run, contact-book paging and a deploy) on a busy machine.
jest.setTimeout(120_000);

const DOC = join(__dirname, '..', '..', '..', 'docs', 'dataverse-requests.md');

describe('docs/dataverse-requests.md', () => {
  let requests: WireRequest[];
  beforeAll(async () => {
    requests = await recordProductRequests();
  });

  test('every request the product sends is a listed, documented shape, and every listed shape is sent', () => {
    const { unlisted, unsent } = checkShapes(requests);
    expect(unlisted.map((r) => `${r.method} ${r.path} ${JSON.stringify(r.query)}`)).toEqual([]);
    expect(unsent.map((s) => s.id)).toEqual([]);
  });

  test('the document is what the product sends today (run npm run docs:dataverse-requests after a change)', async () => {
    expect(await readFile(DOC, 'utf8')).toBe(renderRequestsDoc(requests));
  });

  test.each<[string, WireRequest]>([
    [
      'an upsert by alternate key carrying a deep insert',
      {
        method: 'PATCH',
        path: "phonecalls(ringo_callid='ua18_1')",
        query: {},
        headers: { 'if-none-match': '*' },
        body: { subject: 'x', phonecall_activity_parties: [] },
        inChangeset: true,
      },
    ],
    [
      'a phone call created without its deterministic id',
      { method: 'POST', path: 'phonecalls', query: {}, headers: {}, body: { subject: 'x' }, inChangeset: true },
    ],
    [
      'an update of a phone call that could create it (no If-Match)',
      { method: 'PATCH', path: 'phonecalls(0b8e5f0c-51b4-4c55-9c3e-0c1b2d3e4f50)', query: {}, headers: {}, body: { subject: 'x' }, inChangeset: true },
    ],
  ])('%s matches no listed shape', (_what, request) => {
    expect(shapeOf(request)).toBeUndefined();
  });
});
