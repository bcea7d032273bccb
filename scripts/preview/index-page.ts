/**
 * The preview's start page lists the newest phone calls (browser code), each linking to the stand-in
 * phone-call form with the recording player, so a newcomer can click straight into the demo data.
 */
const FORMATTED = '@OData.Community.Display.V1.FormattedValue';

async function listCalls(): Promise<void> {
  const list = document.getElementById('calls');
  if (!list) return;
  const xrm = (window as unknown as { Xrm: Xrm.XrmStatic }).Xrm;
  const result = await xrm.WebApi.retrieveMultipleRecords(
    'phonecall',
    '?$select=activityid,subject,actualstart,ringo_callresult&$filter=ringo_callid ne null&$orderby=actualstart desc',
    20,
  );
  list.replaceChildren();
  for (const call of result.entities) {
    const item = document.createElement('li');
    const link = document.createElement('a');
    link.href = `/preview/form/phonecall?id=${encodeURIComponent(String(call['activityid']))}`;
    link.textContent = String(call['subject'] ?? call['activityid']);
    const details = [call[`actualstart${FORMATTED}`], call[`ringo_callresult${FORMATTED}`]]
      .filter(Boolean)
      .join(', ');
    item.append(link, details ? ` — ${details}` : '');
    list.append(item);
  }
  if (result.entities.length === 0)
    list.textContent = 'No phone calls yet: run `npm run simulate` or send a webhook.';
}

listCalls().catch((error: unknown) => {
  const list = document.getElementById('calls');
  if (list)
    list.textContent = `The calls could not be loaded: ${error instanceof Error ? error.message : String(error)}`;
});

export {};
