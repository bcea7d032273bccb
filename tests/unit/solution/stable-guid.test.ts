import { stableGuid, stableGuidBraced } from '../../../scripts/solution';

describe('stableGuid', () => {
  it('derives the RFC 4122 version-5 id of a name (same value Python uuid.uuid5 gives)', () => {
    expect(stableGuid('ringo_/html/player.html')).toBe('c952d552-f3bc-5ac7-99b8-793fc9b0fff5');
    expect(stableGuid('savedquery:phonecall:ringo_ringostatcalls')).toBe(
      '940dc0df-7375-5200-8785-62e906ea8476',
    );
  });

  it('gives different names different ids and the same name the same id', () => {
    expect(stableGuid('ringo_/js/a.js')).not.toBe(stableGuid('ringo_/js/b.js'));
    expect(stableGuid('ringo_/js/a.js')).toBe(stableGuid('ringo_/js/a.js'));
  });

  it('writes the braced form solution XML uses', () => {
    expect(stableGuidBraced('ringo_/html/player.html')).toBe('{c952d552-f3bc-5ac7-99b8-793fc9b0fff5}');
  });

  it('refuses an empty name', () => {
    expect(() => stableGuid('')).toThrow(/non-empty/);
  });
});
