import {
  changedColumns,
  existingCallSelect,
} from '../../../webhook-receiver/src/dataverse/phone-call-refresh';
import type { PhoneCallStep } from '../../../webhook-receiver/src/domain/call-plan';

const step: PhoneCallStep = {
  activityid: '5476b410-8d92-595c-b481-9ad769b9e159',
  callId: 'ua18_1',
  fields: {
    subject: 'Missed call from +380671110001',
    actualstart: '2026-03-02T12:20:03.000Z',
    ringo_talkseconds: 0,
    directioncode: false,
    ringo_recordingurl: 'https://app.ringostat.com/r/1.mp3',
  },
  from: [{ kind: 'contact' }],
  to: [],
  regardingContact: true,
  owner: { type: 'systemuser', id: '72aceac1-f658-4bbf-9ebf-7a58e2efe257' },
};

describe('what a repeat writes to an open call', () => {
  test('only the columns whose value differs; a date is the same instant whatever its spelling or type', () => {
    const existing = {
      activityid: step.activityid,
      statecode: 0,
      subject: 'Missed call from +380671110001',
      actualstart: new Date('2026-03-02T12:20:03Z'), // dynamics-web-api revives dates
      ringo_talkseconds: 0,
      directioncode: false,
      ringo_recordingurl: null,
    };
    expect(changedColumns(step, existing)).toEqual({
      ringo_recordingurl: 'https://app.ringostat.com/r/1.mp3',
    });
    expect(changedColumns(step, { ...existing, actualstart: '2026-03-02T12:20:04Z' })).toMatchObject({
      actualstart: '2026-03-02T12:20:03.000Z',
    });
  });

  test('reads the state, the regarding contact and the planned columns, never the owner', () => {
    const select = existingCallSelect(step);
    expect(select).toEqual(
      expect.arrayContaining(['activityid', 'statecode', '_regardingobjectid_value', 'subject']),
    );
    expect(select).not.toContain('_ownerid_value');
  });
});
