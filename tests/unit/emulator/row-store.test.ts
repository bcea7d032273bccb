import { createRowStore } from '../../../emulators/dataverse/src/store/row-store';

describe('row store', () => {
  const store = () => createRowStore((entity) => `${entity}id`);

  test('a failed transaction undoes inserts, updates and deletes, and the key index follows', () => {
    const s = store();
    s.insert('phonecall', 'a', { phonecallid: 'a', ringo_callid: 'X-1' });
    expect(s.findBy('phonecall', 'ringo_callid', 'x-1')).toEqual(['a']);
    expect(() =>
      s.transaction(() => {
        s.replace('phonecall', 'a', { phonecallid: 'a', ringo_callid: 'X-2' });
        s.insert('phonecall', 'b', { phonecallid: 'b', ringo_callid: 'X-3' });
        s.remove('phonecall', 'a');
        throw new Error('fail');
      }),
    ).toThrow('fail');
    expect(s.all('phonecall')).toEqual([{ phonecallid: 'a', ringo_callid: 'X-1' }]);
    expect(s.findBy('phonecall', 'ringo_callid', 'X-1')).toEqual(['a']);
    expect(s.findBy('phonecall', 'ringo_callid', 'X-2')).toEqual([]);
    expect(s.findBy('phonecall', 'ringo_callid', 'X-3')).toEqual([]);
    expect(s.tombstones('phonecall')).toEqual([]);
  });

  test('a snapshot loads into a fresh store with the same rows and versions', () => {
    const s = store();
    s.insert('contact', 'c', { contactid: 'c', lastname: 'K', versionnumber: s.nextVersion() });
    s.insert('contact', 'd', { contactid: 'd', versionnumber: s.nextVersion() });
    s.remove('contact', 'd');
    const copy = store();
    copy.load(JSON.parse(JSON.stringify(s.snapshot())));
    expect(copy.all('contact')).toEqual(s.all('contact'));
    expect(copy.currentVersion()).toBe(s.currentVersion());
    expect(copy.tombstones('contact')).toEqual([{ id: 'd', version: s.currentVersion() }]);
    expect(copy.findBy('contact', 'lastname', 'k')).toEqual(['c']);
  });
});
