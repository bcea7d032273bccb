import { readStaffAnswer } from '../../../webhook-receiver/src/ringostat-api/staff-list';

describe('readStaffAnswer', () => {
  test('reads result keyed by staff id; e-mail lower-cased, SIP logins and numbers split', () => {
    const answer = readStaffAnswer({
      jsonrpc: '2.0',
      id: 1,
      result: {
        '111111': {
          staffId: 111111,
          fio: ' Іван Петренко ',
          email: 'Ivan@Example.com',
          extensionNumber: '101',
          directions: {
            main: [{ type: 'sip', direction: 'company_manager1', status: true }],
            additional: [{ type: 'phone', direction: '380931112233' }],
          },
          departments: [{ id: 1, name: 'Продажі' }, 7],
        },
      },
    });
    expect(answer).toEqual({
      ok: true,
      skipped: 0,
      staff: [
        {
          staffId: '111111',
          name: 'Іван Петренко',
          email: 'ivan@example.com',
          extension: '101',
          sipLogins: ['company_manager1'],
          numbers: ['380931112233'],
          departments: ['Продажі', '7'],
        },
      ],
    });
  });

  test('an array result and items keyed without staffId inside are read too', () => {
    const fromArray = readStaffAnswer({ result: [{ id: '5', fio: 'A' }] });
    const fromKey = readStaffAnswer({ result: { '6': { fio: 'B' } } });
    expect(fromArray.ok && fromArray.staff.map((s) => s.staffId)).toEqual(['5']);
    expect(fromKey.ok && fromKey.staff.map((s) => s.staffId)).toEqual(['6']);
  });

  test('entries without a numeric staff id are skipped and counted; odd members are left out', () => {
    const answer = readStaffAnswer({
      result: [
        { fio: 'no id' },
        { staffId: 'abc' },
        { staffId: 7, email: 'not-an-email', extensionNumber: 'ext' },
        'x',
      ],
    });
    expect(answer).toEqual({
      ok: true,
      skipped: 3,
      staff: [{ staffId: '7', sipLogins: [], numbers: [], departments: [] }],
    });
  });

  test('a JSON-RPC error is an error; "User does not exist" is marked as not found', () => {
    expect(readStaffAnswer({ error: { code: 404, message: 'User does not exist' } })).toEqual({
      ok: false,
      message: 'User does not exist',
      notFound: true,
    });
    expect(readStaffAnswer({ error: { code: -32601, message: 'Method not found' } })).toMatchObject({
      ok: false,
      notFound: false,
    });
    expect(readStaffAnswer(undefined)).toMatchObject({ ok: false });
    expect(readStaffAnswer({ jsonrpc: '2.0' })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/no "result"/),
    });
  });
});
