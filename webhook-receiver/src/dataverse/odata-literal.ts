/**
 * OData string literals for $filter: a single quote is doubled (OData ABNF, "SQUOTE-in-string"); the
 * client URL-encodes the rest. Call ids are never put in an alternate-key URL (`phonecalls(ringo_callid=…)`):
 * values containing / < > * % & : \ ? + break GET/PATCH by key (Microsoft Learn,
 * developer/data-platform/define-alternate-keys-entity), and intake accepts such ids
 * (docs/adr/0090-create-by-primary-key-recognise-repeats-by-code.md).
 */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}
