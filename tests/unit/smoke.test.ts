import { WEBHOOK_EVENTS } from '../../webhook-receiver/src/ringostat/ringostat-event';

test('the receiver knows the three Ringostat webhook events', () => {
  expect(WEBHOOK_EVENTS).toEqual(['before-call', 'after-call', 'after-outgoing-call']);
});
