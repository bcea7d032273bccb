/** The Web API root of an org: the organisation URL (https://org.crm4.dynamics.com) or the root itself. */
export function webApiRoot(url: string): string {
  const trimmed = url.replace(/\/+$/, '');
  return /\/api\/data\/v\d+(\.\d+)?$/.test(trimmed) ? trimmed : `${trimmed}/api/data/v9.2`;
}
