/** The widths an agent's screen really has (phone, tablet, laptop), in each language the pages speak. */
export const LAYOUTS = [
  [390, 'uk'],
  [768, 'uk'],
  [1366, 'uk'],
  [390, 'en'],
  [768, 'en'],
  [1366, 'en'],
] as const;
