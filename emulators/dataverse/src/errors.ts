/**
 * A Dataverse Web API error as the service returns it: `{"error":{"code":"0x…","message":"…"}}`.
 * Codes and messages follow Microsoft Learn "Web service error codes"
 * (powerapps-docs/developer/data-platform/includes/data-service-errors.md) and
 * "Troubleshoot Dataverse Web API client errors".
 */
export class DataverseFault extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'DataverseFault';
  }

  body(): { error: { code: string; message: string } } {
    return { error: { code: this.code, message: this.message } };
  }
}

/** The caller asked for something the emulator does not implement: never answer it wrongly. */
export function notImplemented(feature: string): DataverseFault {
  return new DataverseFault(
    501,
    '0x80060888',
    `The Dataverse emulator does not support ${feature}. Extend emulators/dataverse or avoid this feature.`,
  );
}

export function badRequest(message: string, code = '0x80060888'): DataverseFault {
  return new DataverseFault(400, code, message);
}

export function unknownProperty(property: string, entity: string, code = '0x80060888'): DataverseFault {
  return new DataverseFault(
    400,
    code,
    `Could not find a property named '${property}' on type 'Microsoft.Dynamics.CRM.${entity}'.`,
  );
}

export function resourceNotFound(segment: string): DataverseFault {
  // Learn: "Resource not found for the segment 'Account'." → 404 0x8006088a.
  return new DataverseFault(404, '0x8006088a', `Resource not found for the segment '${segment}'.`);
}

export function recordNotFound(entity: string, id: string): DataverseFault {
  // Learn (perform-conditional-operations-using-web-api.md): "account With Id = … Does Not Exist".
  return new DataverseFault(404, '0x80040217', `${entity} With Id = ${id} Does Not Exist`);
}
