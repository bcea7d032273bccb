import { Registry } from 'prom-client';
import { createCallIdGuard } from '../../../webhook-receiver/src/call-ids/call-id-guard';
import { differenceBetween, fingerprintOf } from '../../../webhook-receiver/src/call-ids/call-fingerprint';
import { createSqliteCallIdStore } from '../../../webhook-receiver/src/call-ids/sqlite-call-id-store';
import type { RingostatEvent } from '../../../webhook-receiver/src/ringostat/ringostat-event';

const event = (over: Partial<RingostatEvent> = {}): RingostatEvent => ({
  event: 'after-call',
  callId: 'ua18_-1.1',
  callDate: '2026-03-02T12:05:11.000Z',
  caller: '380671112233',
  dst: '380441112233',
  utm: {},
  extra: {},
  ...over,
});

function guard() {
  const store = createSqliteCallIdStore({ file: ':memory:' });
  const registry = new Registry();
  const warnings: string[] = [];
  const made = createCallIdGuard({
    store,
    clock: { now: () => new Date('2026-03-02T13:00:00Z') },
    registry,
    log: { warn: (_d, m) => warnings.push(m) },
  });
  return { made, registry, warnings };
}

describe('call fingerprints', () => {
  it('keep no phone number, and tell two calls apart by number, direction or time', () => {
    const a = fingerprintOf(event())!;
    expect(JSON.stringify(a)).not.toContain('71112233');
    expect(differenceBetween(a, fingerprintOf(event({ caller: '+38 (067) 111-22-33' }))!)).toBeUndefined();
    expect(differenceBetween(a, fingerprintOf(event({ caller: '380509998877' }))!)).toBe(
      'another client number',
    );
    expect(
      differenceBetween(a, fingerprintOf(event({ event: 'after-outgoing-call', dst: '380671112233' }))!),
    ).toBe('one is incoming, the other outgoing');
    expect(differenceBetween(a, fingerprintOf(event({ callDate: '2026-03-02T14:05:11.000Z' }))!)).toBe(
      'a start 120 minutes apart',
    );
    // before-call and after-call of one call a few seconds apart, or with a hidden number, are one call.
    expect(
      differenceBetween(a, fingerprintOf(event({ callDate: '2026-03-02T12:05:40.000Z' }))!),
    ).toBeUndefined();
    expect(differenceBetween(a, fingerprintOf(event({ caller: 'anonymous' }))!)).toBeUndefined();
  });
});

describe('the call-id guard', () => {
  it('lets the events of one call share an id, and refuses an id already used by another call', () => {
    const { made } = guard();
    made.accepted(event({ event: 'before-call' }), new Date());
    expect(made.check(event())).toBeUndefined();
    expect(made.check(event({ caller: '380509998877' }))).toMatchObject({
      field: 'uniqueid',
      pattern: 'reused-id',
    });
  });

  it('finds the webhook id of a call-log row delivered under another id, and only then', () => {
    const { made, registry, warnings } = guard();
    made.accepted(event({ callId: 'cdr-1' }), new Date());
    expect(made.deliveredAs(event({ callId: 'ua18_-9.9' }))).toBe('cdr-1');
    expect(made.deliveredAs(event({ callId: 'ua18_-9.9', caller: '380509998877' }))).toBeUndefined();
    expect(made.deliveredAs(event({ callId: 'cdr-1' }))).toBeUndefined(); // the same id: ordinary dedupe
    expect(made.counts()['unknown-to-call-log']).toBe(1);
    expect(warnings[0]).toMatch(/not in Ringostat's call log/);
    return registry.metrics().then((text) => {
      expect(text).toMatch(/ringostat_call_id_guard_total\{pattern="unknown-to-call-log"\} 1/);
    });
  });

  it('a call-log row whose own id a webhook also delivered is not a mismatch', () => {
    const { made } = guard();
    made.accepted(event({ callId: 'cdr-1' }), new Date());
    made.accepted(event({ callId: 'ua18_-9.9', event: 'before-call' }), new Date());
    expect(made.deliveredAs(event({ callId: 'ua18_-9.9' }))).toBeUndefined();
  });

  it('counts the parser’s patterns among refused problems and keeps the latest flags', () => {
    const { made } = guard();
    made.refused('after-call', '1', [
      { field: 'uniqueid', message: 'flag', pattern: 'flag-value' },
      { field: 'billsec', message: 'missing' },
    ]);
    expect(made.counts()).toMatchObject({ 'flag-value': 1, 'link-mismatch': 0 });
    expect(made.recent()).toEqual([
      {
        at: '2026-03-02T13:00:00.000Z',
        pattern: 'flag-value',
        event: 'after-call',
        callId: '1',
        detail: 'flag',
      },
    ]);
  });
});

describe('the call-id guard on a full disk', () => {
  it('keeps refusing a reused id from memory, warns, and stores the fingerprints once the disk has room', async () => {
    const real = createSqliteCallIdStore({ file: ':memory:' });
    let full = true;
    const store = {
      ...real,
      remember: (batch: Parameters<typeof real.remember>[0]) => {
        if (full) throw new Error('database or disk is full');
        real.remember(batch);
      },
    };
    const warnings: string[] = [];
    const made = createCallIdGuard({
      store,
      clock: { now: () => new Date('2026-03-02T13:00:00Z') },
      log: { warn: (_d, m) => warnings.push(m) },
      flushMs: 1,
    });
    made.accepted(event(), new Date());
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(warnings).toContain('call-id guard: cannot store fingerprints yet; retrying');
    expect(made.check(event({ caller: '380509998877' }))).toMatchObject({ pattern: 'reused-id' });
    full = false;
    // deliveredAs flushes first: the waiting fingerprint reaches the store now.
    made.deliveredAs(event({ callId: 'other' }));
    expect(real.byCallId('ua18_-1.1')).toHaveLength(1);
    made.close();
  });
});
