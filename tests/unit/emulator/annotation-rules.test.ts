import { emulatorClient, type EmulatorClient } from './emulator-client';

/** Notes (annotation.md) as the AI analysis writes them: base64 attachments, bound to a phone call. */
describe('Dataverse emulator: notes', () => {
  let dv: EmulatorClient;
  let call = '';
  beforeEach(async () => {
    dv = await emulatorClient();
    const r = await dv.send('POST', 'phonecalls', { subject: 'x' });
    call = /\(([^)]+)\)$/.exec(r.headers.get('OData-EntityId') ?? '')?.[1] ?? '';
  });

  const note = (over: Record<string, unknown> = {}) => ({
    subject: 'Ringostat AI',
    notetext: 'Summary',
    filename: 'a.vtt',
    mimetype: 'text/vtt',
    documentbody: Buffer.from('WEBVTT').toString('base64'),
    'objectid_phonecall@odata.bind': `/phonecalls(${call})`,
    ...over,
  });

  test('a note with a base64 attachment is bound to the phone call, with its size computed', async () => {
    const r = await dv.send('PATCH', 'annotations(11111111-2222-5333-8444-555555555555)', note(), {
      'If-None-Match': '*',
    });
    expect(r.status).toBe(204);
    expect(dv.emulator.rows('annotation')[0]).toMatchObject({
      objectid: call,
      objectidtype: 'phonecall',
      isdocument: true,
      filesize: 6,
    });
    const again = await dv.send('PATCH', 'annotations(11111111-2222-5333-8444-555555555555)', note(), {
      'If-None-Match': '*',
    });
    expect(again.status).toBe(412);
  });

  test('an attachment that is not base64 is refused', async () => {
    const r = await dv.json('POST', 'annotations', note({ documentbody: 'WEBVTT not base64!' }));
    expect(r.status).toBe(400);
    expect(r.body.error.message).toMatch(/base64/);
  });

  test('a note on a closed activity is refused (stricter than documented); reopened first it is accepted', async () => {
    await dv.send('PATCH', `phonecalls(${call})`, { statecode: 1, statuscode: 4 });
    const refused = await dv.json('POST', 'annotations', note());
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/Closed or Cancelled Activity/);
    await dv.send('PATCH', `phonecalls(${call})`, { statecode: 0, statuscode: 1 });
    expect((await dv.send('POST', 'annotations', note())).status).toBe(204);
  });
});
