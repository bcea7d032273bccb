import type { QueryOptions } from './query-options';

/**
 * The projection part of an `@odata.context` URL: the `$select`ed properties and each `$expand`ed
 * navigation property with its own projection, as Learn's examples show it
 * (webapi/create-entity-web-api.md, "Associate table rows on create":
 * `$metadata#accounts(name,primarycontactid(fullname),Account_Tasks(subject))/$entity`).
 * Empty when the query names neither.
 */
export function contextProjection(options: QueryOptions): string {
  const items = [
    ...(options.select ?? []),
    ...(options.expand ?? []).map((item) => `${item.nav}(${inner(item.options)})`),
  ];
  return items.length > 0 ? `(${items.join(',')})` : '';
}

function inner(options: QueryOptions): string {
  return contextProjection(options).slice(1, -1);
}

/** `<api>$metadata#<entityset><projection>[/$entity]`. */
export function contextUrl(
  apiRoot: string,
  entitySet: string,
  options: QueryOptions,
  kind: 'collection' | 'entity',
): string {
  return `${apiRoot}$metadata#${entitySet}${contextProjection(options)}${kind === 'entity' ? '/$entity' : ''}`;
}
