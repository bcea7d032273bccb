import { MOUNTS, mountEmulator, type MountedEmulator } from './emulator-mounts';

/**
 * Where the emulator refuses what Dataverse refuses, or answers exactly as Dataverse does, through both
 * mounts. Each test names the Microsoft Learn page (powerapps/developer/data-platform/…) behind it;
 * docs/adr/0091-an-emulator-as-strict-as-dataverse.md lists the ones where the emulator picks a code.
 */
describe.each(MOUNTS)('Dataverse emulator strictness over %s', (kind) => {
  let dv: MountedEmulator;
  beforeAll(async () => {
    dv = await mountEmulator(kind);
  });
  afterAll(async () => dv.close());

  const json = async (r: Response) => (await r.json()) as Record<string, unknown>;
  const errorOf = async (r: Response) => (await json(r)).error as { code: string; message: string };
  const newContact = (lastname: string) => dv.emulator.insert('contact', { lastname });

  describe('deep insert (webapi/create-entity-web-api: "Create related table rows in one operation", POST only)', () => {
    test('a PATCH carrying phonecall_activity_parties is refused and writes nothing', async () => {
      const contact = newContact('Deep');
      const call = dv.emulator.insert('phonecall', { subject: 'open call' });
      const r = await dv.call(`phonecalls(${call})`, {
        method: 'PATCH',
        body: JSON.stringify({
          subject: 'changed',
          phonecall_activity_parties: [
            { participationtypemask: 1, 'partyid_contact@odata.bind': `/contacts(${contact})` },
          ],
        }),
      });
      expect(r.status).toBe(400);
      expect((await errorOf(r)).message).toMatch(/'phonecall_activity_parties'.*deep insert/);
      expect(dv.emulator.rows('phonecall').find((p) => p.activityid === call)?.subject).toBe('open call');
    });

    test('an upsert PATCH that would create the row may not deep insert either', async () => {
      const id = '6d0f3b1e-0a6b-4f55-8f7e-2a9d7b3c4e01';
      const r = await dv.call(`phonecalls(${id})`, {
        method: 'PATCH',
        body: JSON.stringify({ subject: 'new', phonecall_activity_parties: [] }),
      });
      expect(r.status).toBe(400);
      expect(dv.emulator.rows('phonecall').some((p) => p.activityid === id)).toBe(false);
    });

    test('a single-valued navigation property holding an object creates the related row on POST', async () => {
      const r = await dv.call(
        'contacts?$select=lastname&$expand=parentcustomerid_contact($select=lastname)',
        {
          method: 'POST',
          prefer: 'return=representation',
          body: JSON.stringify({ lastname: 'Child', parentcustomerid_contact: { lastname: 'Parent' } }),
        },
      );
      expect(r.status).toBe(201);
      const body = await json(r);
      expect(body.parentcustomerid_contact).toMatchObject({ lastname: 'Parent' });
      const parent = dv.emulator.rows('contact').find((c) => c.lastname === 'Parent');
      expect(dv.emulator.rows('contact').find((c) => c.lastname === 'Child')?.parentcustomerid).toBe(
        parent?.contactid,
      );
    });

    test('the same object on a PATCH is refused', async () => {
      const child = newContact('Child 2');
      const r = await dv.call(`contacts(${child})`, {
        method: 'PATCH',
        body: JSON.stringify({ parentcustomerid_contact: { lastname: 'Parent 2' } }),
      });
      expect(r.status).toBe(400);
      expect(dv.emulator.rows('contact').some((c) => c.lastname === 'Parent 2')).toBe(false);
    });
  });

  describe('navigation property names (webapi/associate-disassociate-entities-using-web-api; the phonecall EntityType page)', () => {
    test.each([
      ['regardingobjectid', 'phonecalls', 'contacts'],
      ['parentcustomerid', 'contacts', 'contacts'],
      ['objectid', 'annotations', 'contacts'],
    ])(
      'a bare %s@odata.bind is refused: only <column>_<table> navigation properties exist',
      async (nav, set, target) => {
        const contact = newContact(`Bare ${nav}`);
        const r = await dv.call(set, {
          method: 'POST',
          body: JSON.stringify({ [`${nav}@odata.bind`]: `/${target}(${contact})` }),
        });
        expect(r.status).toBe(400);
        expect((await errorOf(r)).message).toContain(`An undeclared property '${nav}'`);
      },
    );

    test('a bare partyid@odata.bind inside the parties is refused', async () => {
      const contact = newContact('Bare party');
      const r = await dv.call('phonecalls', {
        method: 'POST',
        body: JSON.stringify({
          subject: 'bare party',
          phonecall_activity_parties: [
            { participationtypemask: 1, 'partyid@odata.bind': `/contacts(${contact})` },
          ],
        }),
      });
      expect(r.status).toBe(400);
      expect(dv.emulator.rows('phonecall').some((p) => p.subject === 'bare party')).toBe(false);
    });

    test('both documented regarding names bind: regardingobjectid_contact and regardingobjectid_contact_phonecall', async () => {
      const contact = newContact('Regarding');
      for (const nav of ['regardingobjectid_contact', 'regardingobjectid_contact_phonecall']) {
        const r = await dv.call('phonecalls', {
          method: 'POST',
          body: JSON.stringify({ subject: nav, [`${nav}@odata.bind`]: `/contacts(${contact})` }),
        });
        expect(r.status).toBe(204);
      }
    });

    test('a note binds to its phone call through objectid_phonecall (annotation.md, PhoneCall_Annotation)', async () => {
      const call = dv.emulator.insert('phonecall', { subject: 'noted' });
      const r = await dv.call('annotations', {
        method: 'POST',
        body: JSON.stringify({ subject: 'note', 'objectid_phonecall@odata.bind': `/phonecalls(${call})` }),
      });
      expect(r.status).toBe(204);
      expect(dv.emulator.rows('annotation').find((n) => n.objectid === call)).toMatchObject({
        objectidtype: 'phonecall',
      });
    });

    test('$expand of a bare polymorphic lookup name is refused', async () => {
      const call = dv.emulator.insert('phonecall', { subject: 'expand' });
      const r = await dv.call(
        `phonecalls(${call})?$select=subject&$expand=regardingobjectid($select=fullname)`,
      );
      expect(r.status).toBe(400);
      expect((await errorOf(r)).message).toContain("'regardingobjectid'");
    });

    test('the associatednavigationproperty annotation names the navigation property the lookup binds through', async () => {
      const contact = newContact('Annotated');
      const call = dv.emulator.insert('phonecall', { subject: 'annotated', regardingobjectid: contact });
      const r = await dv.call(`phonecalls(${call})?$select=_regardingobjectid_value,_ownerid_value`, {
        prefer: 'odata.include-annotations="Microsoft.Dynamics.CRM.associatednavigationproperty"',
      });
      expect(await json(r)).toMatchObject({
        '_regardingobjectid_value@Microsoft.Dynamics.CRM.associatednavigationproperty':
          'regardingobjectid_contact_phonecall',
        '_ownerid_value@Microsoft.Dynamics.CRM.associatednavigationproperty': 'ownerid',
      });
    });
  });

  describe('alternate-key URLs (define-alternate-keys-entity: values with / < > * % & : \\ ? do not work)', () => {
    test.each(['a/b', 'a:b', 'a?b', 'a#b', 'a+b', 'a%b', 'a&b', 'a*b', 'a<b', 'a\\b'])(
      'a key literal containing %s is refused',
      async (value) => {
        const r = await dv.call(`phonecalls(ringo_callid='${encodeURIComponent(value)}')`, {
          method: 'PATCH',
          body: JSON.stringify({ subject: 'by key' }),
        });
        expect(r.status).toBe(400);
        expect((await errorOf(r)).message).toMatch(/primary key or find it with \$filter/);
        expect(dv.emulator.rows('phonecall').some((p) => p.ringo_callid === value)).toBe(false);
      },
    );

    test('a plain key literal still addresses the row', async () => {
      const r = await dv.call(`phonecalls(ringo_callid='plain-key.1')`, {
        method: 'PATCH',
        body: JSON.stringify({ subject: 'by key' }),
      });
      expect(r.status).toBe(204);
    });
  });

  describe('conditional requests (webapi/perform-conditional-operations-using-web-api)', () => {
    test('DELETE with a stale If-Match ETag answers 412 and deletes nothing; the current ETag deletes', async () => {
      const id = newContact('Versioned');
      const etag = (await dv.call(`contacts(${id})?$select=lastname`)).headers.get('ETag') ?? '';
      await dv.call(`contacts(${id})`, { method: 'PATCH', body: JSON.stringify({ lastname: 'Changed' }) });
      const stale = await dv.call(`contacts(${id})`, { method: 'DELETE', headers: { 'If-Match': etag } });
      expect(stale.status).toBe(412);
      expect((await errorOf(stale)).message).toBe(
        "The version of the existing record doesn't match the RowVersion property provided.",
      );
      const current = (await dv.call(`contacts(${id})?$select=lastname`)).headers.get('ETag') ?? '';
      const ok = await dv.call(`contacts(${id})`, { method: 'DELETE', headers: { 'If-Match': current } });
      expect(ok.status).toBe(204);
    });

    test('If-None-Match with the current ETag is 304, but never with $expand or annotations', async () => {
      const id = newContact('Cached');
      const path = `contacts(${id})?$select=lastname`;
      const etag = (await dv.call(path)).headers.get('ETag') ?? '';
      expect((await dv.call(path, { headers: { 'If-None-Match': etag } })).status).toBe(304);
      const annotated = await dv.call(path, {
        headers: { 'If-None-Match': etag },
        prefer: 'odata.include-annotations="*"',
      });
      expect(annotated.status).toBe(200);
      const expanded = await dv.call(`${path}&$expand=ownerid($select=fullname)`, {
        headers: { 'If-None-Match': etag },
      });
      expect(expanded.status).toBe(200);
    });
  });

  describe('Prefer (RFC 7240) and Preference-Applied (webapi/compose-http-requests-handle-errors)', () => {
    test('a quoted annotation list with commas and a second preference are both honoured and echoed', async () => {
      const contact = newContact('Prefer');
      const call = dv.emulator.insert('phonecall', { subject: 'prefer', regardingobjectid: contact });
      const r = await dv.call(
        `phonecalls?$select=subject,_regardingobjectid_value&$filter=activityid eq ${call}`,
        {
          prefer:
            'odata.include-annotations="OData.Community.Display.V1.FormattedValue,Microsoft.Dynamics.CRM.lookuplogicalname", odata.maxpagesize=10',
        },
      );
      const [row] = (await json(r)).value as Array<Record<string, unknown>>;
      expect(row).toMatchObject({
        '_regardingobjectid_value@OData.Community.Display.V1.FormattedValue': 'Prefer',
        '_regardingobjectid_value@Microsoft.Dynamics.CRM.lookuplogicalname': 'contact',
      });
      expect(r.headers.get('Preference-Applied')).toBe(
        'odata.include-annotations="OData.Community.Display.V1.FormattedValue,Microsoft.Dynamics.CRM.lookuplogicalname",odata.maxpagesize=10',
      );
    });

    test('return=representation with a ;parameter is applied and echoed on a create', async () => {
      const r = await dv.call('contacts?$select=lastname', {
        method: 'POST',
        prefer: 'return=representation; foo=bar',
        body: JSON.stringify({ lastname: 'Represented' }),
      });
      expect(r.status).toBe(201);
      expect(r.headers.get('Preference-Applied')).toBe('return=representation');
    });

    test('a Prefer header that is not RFC 7240 is refused', async () => {
      const r = await dv.call('contacts?$select=lastname', { prefer: 'odata.maxpagesize="10' });
      expect(r.status).toBe(400);
    });
  });

  describe('@odata.context (webapi/create-entity-web-api, "Associate table rows on create")', () => {
    test('a retrieve names its $select and $expand', async () => {
      const parent = newContact('Ctx parent');
      const child = dv.emulator.insert('contact', { lastname: 'Ctx child', parentcustomerid: parent });
      const r = await dv.call(
        `contacts(${child})?$select=lastname&$expand=parentcustomerid_contact($select=fullname)`,
      );
      expect((await json(r))['@odata.context']).toBe(
        `${dv.api}$metadata#contacts(lastname,parentcustomerid_contact(fullname))/$entity`,
      );
    });

    test('a collection names its $select', async () => {
      const r = await dv.call('contacts?$select=lastname,telephone1&$top=1');
      expect((await json(r))['@odata.context']).toBe(`${dv.api}$metadata#contacts(lastname,telephone1)`);
    });
  });

  describe('cascade on delete (configure-entity-relationship-cascading-behavior)', () => {
    test('deleting a contact deletes its phone calls and their parties and unlinks its child contacts', async () => {
      const contact = newContact('Cascade');
      const child = dv.emulator.insert('contact', { lastname: 'Cascade child', parentcustomerid: contact });
      const created = await dv.call('phonecalls', {
        method: 'POST',
        body: JSON.stringify({
          subject: 'cascade',
          'regardingobjectid_contact_phonecall@odata.bind': `/contacts(${contact})`,
          phonecall_activity_parties: [
            { participationtypemask: 1, 'partyid_contact@odata.bind': `/contacts(${contact})` },
          ],
        }),
      });
      const call = /phonecalls\(([^)]+)\)/.exec(created.headers.get('OData-EntityId') ?? '')?.[1];
      expect((await dv.call(`contacts(${contact})`, { method: 'DELETE' })).status).toBe(204);
      expect(dv.emulator.rows('phonecall').some((p) => p.activityid === call)).toBe(false);
      expect(dv.emulator.rows('activityparty').some((p) => p.activityid === call)).toBe(false);
      expect(dv.emulator.rows('contact').find((c) => c.contactid === child)?.parentcustomerid).toBeNull();
    });

    test('deleting a phone call deletes its notes (annotation.md, PhoneCall_Annotation: Delete Cascade)', async () => {
      const call = dv.emulator.insert('phonecall', { subject: 'with a note' });
      const note = dv.emulator.insert('annotation', {
        subject: 'note',
        objectid: { id: call, entity: 'phonecall' },
      });
      expect((await dv.call(`phonecalls(${call})`, { method: 'DELETE' })).status).toBe(204);
      expect(dv.emulator.rows('annotation').some((n) => n.annotationid === note)).toBe(false);
    });

    test('a party whose contact is deleted stays on an activity about someone else, flagged ispartydeleted', async () => {
      const gone = newContact('Gone party');
      const other = newContact('Other');
      const call = dv.emulator.insert('phonecall', { subject: 'kept', regardingobjectid: other });
      dv.emulator.insert('activityparty', { activityid: call, partyid: gone, participationtypemask: 1 });
      await dv.call(`contacts(${gone})`, { method: 'DELETE' });
      expect(dv.emulator.rows('activityparty').find((p) => p.activityid === call)).toMatchObject({
        ispartydeleted: true,
      });
    });
  });

  describe('what the emulator does not model answers 501 naming it', () => {
    test('impersonation through CallerObjectId', async () => {
      const r = await dv.call('contacts?$select=lastname', {
        headers: { CallerObjectId: '7f9f2f50-3b1c-4c8a-a1d0-3f7f0b0c0d0e' },
      });
      expect(r.status).toBe(501);
      expect((await errorOf(r)).message).toContain('impersonation');
    });

    test('a function other than WhoAmI', async () => {
      const r = await dv.call('RetrieveVersion()');
      expect(r.status).toBe(501);
      expect((await errorOf(r)).message).toContain("'RetrieveVersion()'");
    });

    test('activity parties are written through their activity only (reference/entities/activityparty)', async () => {
      const r = await dv.call('activityparties', {
        method: 'POST',
        body: JSON.stringify({ participationtypemask: 1 }),
      });
      expect(r.status).toBe(400);
    });
  });

  test('every answer carries x-ms-dop-hint (send-parallel-requests: the recommended parallelism)', async () => {
    const r = await dv.call('WhoAmI');
    expect(r.headers.get('x-ms-dop-hint')).toBe('52');
  });
});
