import { createWriterHealthTracker } from '../../../webhook-receiver/src/inbox/writer-health';

/** The writer's state for /readyz: red from a failed commit, green only after a commit that wrote. */
describe('writer health', () => {
  const at = new Date('2026-03-02T12:00:00Z');

  test('a failure turns it red with the error and the time; a commit that wrote turns it green', () => {
    const tracker = createWriterHealthTracker({ heartbeat: async () => undefined, now: () => at });
    expect(tracker.health()).toEqual({ ok: true });
    tracker.failed('SQLITE_FULL: database or disk is full');
    expect(tracker.health()).toEqual({
      ok: false,
      error: 'SQLITE_FULL: database or disk is full',
      since: at,
    });
    tracker.committed(false);
    expect(tracker.health().ok).toBe(false);
    tracker.committed(true);
    expect(tracker.health()).toEqual({ ok: true });
    tracker.stop();
  });

  test('while red, a heartbeat write is tried again and again until one succeeds', async () => {
    let beats = 0;
    const tracker = createWriterHealthTracker({
      retryMs: 10,
      heartbeat: async () => {
        beats += 1;
        if (beats < 3) tracker.failed('SQLITE_IOERR');
        else tracker.committed(true);
      },
    });
    tracker.failed('SQLITE_IOERR');
    for (let i = 0; i < 100 && !tracker.health().ok; i++) await new Promise((r) => setTimeout(r, 10));
    expect(tracker.health().ok).toBe(true);
    expect(beats).toBe(3);
    tracker.stop();
  });
});
