import { createRingostatEmulator } from '../../../emulators/ringostat/src/ringostat-emulator';
import { sampleStaff, sampleTranscript } from '../../../emulators/ringostat/src/fixtures';

const BASE = 'https://api.ringostat.net';
const KEY = 'key-123';

function emulator() {
  const e = createRingostatEmulator({ authKey: KEY, projectId: 11111 });
  e.seedStaff(sampleStaff());
  return e;
}

function rpc(body: unknown, key = KEY) {
  return new Request(`${BASE}/api/json-rpc`, {
    method: 'POST',
    headers: { 'auth-key': key, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const staffCall = (params: Record<string, unknown>) => ({
  jsonrpc: '2.0',
  id: 5,
  method: 'getProjectStaffListAndDirections',
  params,
});

describe('Ringostat emulator: staff API (JSON-RPC)', () => {
  it('lists every employee keyed by staff id, as the public clients read it', async () => {
    const response = await emulator().handle(rpc(staffCall({ projectId: 11111 })));
    const body = (await response.json()) as { id: number; result: Record<string, { fio: string }> };
    expect(response.status).toBe(200);
    expect(body.id).toBe(5);
    expect(Object.keys(body.result)).toEqual(['111111', '222222', '333333']);
    expect(body.result['111111']).toMatchObject({ fio: 'Іван Петренко', extensionNumber: '101' });
  });

  it('filters by staffId exactly and by e-mail partly, and says "User does not exist" inside a 200', async () => {
    const e = emulator();
    const one = (await (
      await e.handle(rpc(staffCall({ projectId: 11111, filters: { staffId: 222222 } })))
    ).json()) as {
      result: object;
    };
    expect(Object.keys(one.result)).toEqual(['222222']);
    const partial = (await (
      await e.handle(rpc(staffCall({ projectId: 11111, filters: { email: 'EXAMPLE.com' } })))
    ).json()) as { result: object };
    expect(Object.keys(partial.result)).toHaveLength(3);
    const none = await e.handle(rpc(staffCall({ projectId: 11111, filters: { fio: 'Nobody' } })));
    expect(none.status).toBe(200);
    expect(await none.json()).toMatchObject({ error: { message: 'User does not exist' } });
  });

  it('answers JSON-RPC errors for an unknown method or another project, and 401 for a wrong key', async () => {
    const e = emulator();
    expect(
      await (await e.handle(rpc({ jsonrpc: '2.0', id: 1, method: 'nope', params: {} }))).json(),
    ).toMatchObject({
      error: { code: -32601 },
    });
    expect(await (await e.handle(rpc(staffCall({ projectId: 999 })))).json()).toMatchObject({
      error: { message: expect.stringMatching(/denied/) },
    });
    expect((await e.handle(rpc(staffCall({ projectId: 11111 }), 'wrong'))).status).toBe(401);
  });
});

describe('Ringostat emulator: files by link', () => {
  it('serves a seeded transcript with its token, without an Auth-key, and refuses a wrong token', async () => {
    const e = emulator();
    e.seedFile('/recordings/ua18_-1.vtt', {
      body: sampleTranscript(),
      contentType: 'text/vtt',
      token: 'abc',
    });
    const url = 'https://app.ringostat.com/recordings/ua18_-1.vtt';
    const ok = await e.handle(new Request(`${url}?token=abc`));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toMatch(/^WEBVTT/);
    expect((await e.handle(new Request(`${url}?token=nope`))).status).toBe(403);
    expect((await e.handle(new Request('https://app.ringostat.com/recordings/other.vtt'))).status).toBe(404);
  });
});
