import { buildSolutionZip, type ColumnSpec } from './build-solution-zip';

/**
 * The product's solution zip. The real one comes from the packer (scripts/solution `packSolution`); when the
 * packer is not present, a built-in copy of the DESIGN.md §4 contract is packed instead so the emulator still
 * starts with the columns, key, environment variables and custom API the receiver writes.
 */
export interface ProductSolution {
  zip: Uint8Array;
  source: 'packer' | 'built-in';
  /** Why the built-in copy was used. */
  reason?: string;
}

export function loadProductSolution(): Promise<ProductSolution> {
  // Packing validates the XML against the XSDs (about a second); every emulator in a process shares one pack.
  packed ??= packProductSolution();
  return packed;
}
let packed: Promise<ProductSolution> | undefined;

async function packProductSolution(): Promise<ProductSolution> {
  const modulePath = '../../../../scripts/solution';
  try {
    const packer = (await import(modulePath)) as {
      packSolution?: (o: {
        managed: boolean;
        placeholderWebResources?: boolean;
      }) => Promise<{ zip: Uint8Array }> | { zip: Uint8Array };
    };
    if (typeof packer.packSolution === 'function') {
      // placeholders stand in for web resources the forms name when the web-resource build has not run:
      // the emulator needs the solution's metadata, not its pages.
      const packed = await packer.packSolution({ managed: false, placeholderWebResources: true });
      return { zip: packed.zip, source: 'packer' };
    }
    return { zip: builtInProductSolution(), source: 'built-in', reason: 'scripts/solution has no packSolution export' };
  } catch (e) {
    // The packer is missing or refuses the current source: the built-in contract keeps the emulator usable.
    return { zip: builtInProductSolution(), source: 'built-in', reason: (e as Error).message };
  }
}

const text = (name: string, maxLength: number, format?: string): ColumnSpec => ({
  name,
  type: 'nvarchar',
  maxLength,
  ...(format ? { format } : {}),
});
const whole = (name: string): ColumnSpec => ({ name, type: 'int' });

export function builtInProductSolution(): Uint8Array {
  return buildSolutionZip({
    uniqueName: 'RingostatIntegration',
    publisherPrefix: 'ringo',
    entities: [
      {
        name: 'PhoneCall',
        columns: [
          text('ringo_callid', 100),
          { name: 'ringo_callresult', type: 'picklist', options: { 107350000: 'Answered', 107350001: 'Missed' } },
          { name: 'ringo_hasrecording', type: 'picklist', options: { 107350000: 'Yes', 107350001: 'No' } },
          text('ringo_disposition', 100),
          whole('ringo_talkseconds'),
          whole('ringo_waitseconds'),
          whole('ringo_durationseconds'),
          text('ringo_recordingurl', 2000, 'url'),
          text('ringo_trackingnumber', 50),
          text('ringo_employeename', 200),
          text('ringo_employeeid', 100),
          text('ringo_callcardurl', 2000, 'url'),
          ...['source', 'medium', 'campaign', 'term', 'content'].map((n) => text(`ringo_utm${n}`, 500)),
          text('ringo_landing', 1000),
          text('ringo_referrer', 1000),
          text('ringo_gaclientid', 100),
          { name: 'ringo_targetcall', type: 'bit' },
          { name: 'ringo_repeatcall', type: 'bit' },
          whole('ringo_rating'),
          text('ringo_scheme', 200),
          text('ringo_pool', 200),
          { name: 'ringo_aisummary', type: 'ntext', maxLength: 10000 },
          text('ringo_aiclientmood', 1000),
          text('ringo_aiemployeemood', 1000),
          { name: 'ringo_aioverallmood', type: 'ntext', maxLength: 4000 },
          { name: 'ringo_airecommendations', type: 'ntext', maxLength: 10000 },
        ],
        keys: [{ name: 'ringo_callid_key', attributes: ['ringo_callid'] }],
      },
      { name: 'Contact', columns: [{ name: 'ringo_createdbyringostat', type: 'bit' }] },
      { name: 'SystemUser', columns: [text('ringo_ringostatstaffid', 100)] },
    ],
    environmentVariables: [
      { schemaName: 'ringo_DefaultOwnerId' },
      { schemaName: 'ringo_DefaultCountry', defaultValue: 'UA' },
      { schemaName: 'ringo_ReceiverUrl' },
      { schemaName: 'ringo_MissedCallMode', defaultValue: 'open' },
      { schemaName: 'ringo_CallbackDueHours', type: 100000001, defaultValue: '24' },
      { schemaName: 'ringo_Language', defaultValue: 'uk' },
      { schemaName: 'ringo_RecordingHosts' },
      { schemaName: 'ringo_ForwardingEnabled', defaultValue: 'off' },
      { schemaName: 'ringo_ForwardingHours' },
      { schemaName: 'ringo_ForwardingAmbiguous', defaultValue: 'same-owner' },
      { schemaName: 'ringo_ForwardingExtensions' },
    ],
    customApis: [
      {
        uniqueName: 'ringo_OnCallLogged',
        parameters: [
          { name: 'Answered', type: 0 },
          { name: 'CallId', type: 10 },
          { name: 'ContactId', type: 12, optional: true },
          { name: 'Direction', type: 10 },
          { name: 'PhoneCallId', type: 12 },
        ],
      },
    ],
  });
}
