import { toCallEvent } from '../../../webhook-receiver/src/domain/call-event';
import { incomingAnswered, incomingMissed, outgoingAnswered } from './ringostat-events';

const ua = { defaultCountry: 'UA' };

describe('toCallEvent', () => {
  it('takes the direction from the webhook URL even when call_type disagrees, and warns', () => {
    const call = toCallEvent(incomingAnswered({ callType: 'out' }), ua);
    expect(call.direction).toBe('incoming');
    expect(call.warnings.join()).toMatch(/call_type "out" disagrees/);
  });

  it('treats callback and transit-in calls as incoming without a warning', () => {
    expect(toCallEvent(incomingAnswered({ callType: 'callback' }), ua).warnings).toEqual([]);
    expect(toCallEvent(incomingAnswered({ callType: 'transitin' }), ua).warnings).toEqual([]);
  });

  it.each([
    ['ANSWERED', 80, true],
    ['PROPER', 12, true],
    ['NO ANSWER', 0, false],
    // A disposition Ringostat calls answered but with no talk time is still missed: billsec decides.
    ['ANSWERED', 0, false],
  ])('%s with billsec %i is answered: %s', (disposition, billsec, answered) => {
    expect(toCallEvent(incomingAnswered({ disposition, billsec }), ua).answered).toBe(answered);
  });

  it('the client is the caller on incoming calls and dst on outgoing calls, in E.164', () => {
    expect(toCallEvent(incomingAnswered({ caller: '0671112233' }), ua).clientNumber).toBe('+380671112233');
    const out = toCallEvent(outgoingAnswered({ dst: '8 067 111 22 33' }), ua);
    expect(out.clientNumber).toBe('+380671112233');
    expect(out.direction).toBe('outgoing');
  });

  it('the tracking number is the dialled company number, or an outgoing line only when it is a number', () => {
    expect(toCallEvent(incomingAnswered(), ua).trackingNumber).toBe('+380441112233');
    expect(toCallEvent(outgoingAnswered(), ua).trackingNumber).toBeUndefined();
    expect(toCallEvent(outgoingAnswered({ caller: '380443334455' }), ua).trackingNumber).toBe(
      '+380443334455',
    );
  });

  it('names the employee from employee_fio, else from a SIP display name on outgoing calls', () => {
    expect(toCallEvent(incomingAnswered(), ua).employee).toEqual({ number: '111111', name: 'Іван Петренко' });
    const out = toCallEvent(outgoingAnswered({ employeeEmail: 'ivan@example.com' }), ua);
    expect(out.employee).toEqual({
      number: '111111',
      email: 'ivan@example.com',
      name: 'Іван Петренко',
      sipLogin: 'company_manager1',
    });
  });

  it('names the SIP login a call went through: the caller of an outgoing call, connected_with of an incoming one', () => {
    expect(toCallEvent(incomingAnswered({ connectedWith: 'company_manager2' }), ua).employee.sipLogin).toBe(
      'company_manager2',
    );
    expect(toCallEvent(incomingAnswered({ connectedWith: '380931112233' }), ua).employee).not.toHaveProperty(
      'sipLogin',
    );
    expect(toCallEvent(outgoingAnswered({ caller: '380441112233' }), ua).employee).not.toHaveProperty(
      'sipLogin',
    );
  });

  it('ends the call start + duration, or start + wait + talk when duration is missing', () => {
    expect(toCallEvent(incomingMissed(), ua).endedAt).toBe('2026-03-02T12:20:39.000Z');
    const noDuration = incomingAnswered();
    delete noDuration.duration;
    const call = toCallEvent(noDuration, ua);
    expect(call.durationSeconds).toBe(95);
    expect(call.endedAt).toBe('2026-03-02T12:06:46.000Z');
  });

  it('keeps a hidden caller as raw text without a client number', () => {
    const call = toCallEvent(incomingAnswered({ caller: 'anonymous' }), ua);
    expect(call.clientNumber).toBeUndefined();
    expect(call.clientRaw).toBe('anonymous');
    expect(call.warnings.join()).toMatch(/hidden or not a phone number/);
  });

  it('refuses a call date that is not an instant, naming the call', () => {
    expect(() => toCallEvent(incomingAnswered({ callDate: 'yesterday' }), ua)).toThrow(/ua18_-1791545397/);
  });
});
