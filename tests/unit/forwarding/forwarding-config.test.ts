import { loadConfig } from '../../../webhook-receiver/src/config';
import { ConfigError } from '../../../webhook-receiver/src/errors';

describe('forwarding in the receiver configuration', () => {
  it('answers within 500 ms unless FORWARDING_DEADLINE_MS says otherwise', () => {
    expect(loadConfig({}).forwardingDeadlineMs).toBe(500);
    expect(loadConfig({ FORWARDING_DEADLINE_MS: '1500' }).forwardingDeadlineMs).toBe(1500);
  });

  it('refuses a deadline Ringostat could never wait for, or one too short to answer in', () => {
    for (const value of ['20', '60000', 'soon']) {
      expect(() => loadConfig({ FORWARDING_DEADLINE_MS: value })).toThrow(ConfigError);
    }
    expect(() => loadConfig({ FORWARDING_DEADLINE_MS: '20' })).toThrow(
      /FORWARDING_DEADLINE_MS must be a whole number from 50 to 10000/,
    );
  });

  it('takes RINGO_FORWARDING* overrides of the four forwarding variables', () => {
    const config = loadConfig({
      RINGO_FORWARDINGENABLED: 'on',
      RINGO_FORWARDINGHOURS: 'mon-fri 09:00-18:00',
      RINGO_FORWARDINGAMBIGUOUS: 'first',
      RINGO_FORWARDINGEXTENSIONS: '111111=company_manager1',
    });
    expect(config.ringoOverrides).toEqual({
      ringo_ForwardingEnabled: 'on',
      ringo_ForwardingHours: 'mon-fri 09:00-18:00',
      ringo_ForwardingAmbiguous: 'first',
      ringo_ForwardingExtensions: '111111=company_manager1',
    });
  });
});
